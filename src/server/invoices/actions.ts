'use server';
import 'server-only';
import { invoiceArchive, invoiceRestore, invoiceSoftDelete, invoiceUpdate } from './lifecycle';
import { invoiceCreate, invoicePay, invoiceSend, invoiceVoid } from './workflow';

/** The invoice writes as Server Actions; each is defined once, in lifecycle.ts or workflow.ts. */
export const updateInvoice = invoiceUpdate.action;
export const archiveInvoice = invoiceArchive.action;
export const restoreInvoice = invoiceRestore.action;
export const softDeleteInvoice = invoiceSoftDelete.action;
export const createInvoice = invoiceCreate.action;
export const sendInvoice = invoiceSend.action;
export const recordPayment = invoicePay.action;
export const voidInvoice = invoiceVoid.action;
