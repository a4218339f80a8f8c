'use server';
import 'server-only';
import { customerArchive, customerCreate, customerUpdate } from './mutations';

/** The customer writes as Server Actions; each is defined once in mutations.ts. */
export const createCustomer = customerCreate.action;
export const updateCustomer = customerUpdate.action;
export const archiveCustomer = customerArchive.action;
