'use server';
import 'server-only';
import { invoiceArchive, invoiceRestore, invoiceSoftDelete, invoiceUpdate } from './lifecycle';

/** The invoice writes as Server Actions; each is defined once in lifecycle.ts. */
export const updateInvoice = invoiceUpdate.action;
export const archiveInvoice = invoiceArchive.action;
export const restoreInvoice = invoiceRestore.action;
export const softDeleteInvoice = invoiceSoftDelete.action;
