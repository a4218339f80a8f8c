'use server';
import 'server-only';
import { redirect } from 'next/navigation';
import { newInvoiceInput, recordPaymentInput, sendInvoiceInput, voidInvoiceInput } from '@/lib/schemas/invoice';
import type { Result } from '@/lib/result';
import { authedAction, type TenantContext } from '@/server/authed-action';
import type { CacheEvent } from '@/server/cache/graph';
import { invalidate } from '@/server/cache/invalidate';
import { invoiceArchive, invoiceRestore, invoiceSoftDelete, invoiceUpdate } from './lifecycle';
import { INVOICE_WRITE_ROLE } from './policy';
import { createInvoiceRecord, recordPaymentRecord, sendInvoiceRecord, voidInvoiceRecord } from './workflow';

/** The lifecycle writes as Server Actions; each is defined once in lifecycle.ts. */
export const updateInvoice = invoiceUpdate.action;
export const archiveInvoice = invoiceArchive.action;
export const restoreInvoice = invoiceRestore.action;
export const softDeleteInvoice = invoiceSoftDelete.action;

/**
 * The workflow writes (create, send, pay, void) commit in workflow.ts with their audit row, named like
 * their cache event; then every tag the event touches, then the redirect. No revalidatePath: /invoices
 * is one URL for every org (decision 005).
 */
async function afterCommit<T extends { id: string }, C>(
  result: Result<T, C>,
  event: CacheEvent,
  ctx: TenantContext,
  returnTo: string | undefined,
): Promise<Result<T, C>> {
  if (!result.ok) return result;
  await invalidate(event, { orgId: ctx.orgId, invoiceId: result.data.id }, 'interactive', { source: 'action' });
  redirect(returnTo ?? '/invoices');
}

export const createInvoice = authedAction(
  INVOICE_WRITE_ROLE,
  newInvoiceInput,
  async (input, ctx) => {
    const result = await createInvoiceRecord(ctx, input);
    return afterCommit(result, 'invoice.create', ctx, result.ok ? `/invoices/${result.data.id}` : undefined);
  },
  'invoice.create',
);

export const sendInvoice = authedAction(
  INVOICE_WRITE_ROLE,
  sendInvoiceInput,
  async (input, ctx) => afterCommit(await sendInvoiceRecord(ctx, input), 'invoice.send', ctx, input.returnTo),
  'invoice.send',
);

export const recordPayment = authedAction(
  INVOICE_WRITE_ROLE,
  recordPaymentInput,
  async (input, ctx) => afterCommit(await recordPaymentRecord(ctx, input), 'invoice.pay', ctx, input.returnTo),
  'invoice.pay',
);

export const voidInvoice = authedAction(
  INVOICE_WRITE_ROLE,
  voidInvoiceInput,
  async (input, ctx) => afterCommit(await voidInvoiceRecord(ctx, input), 'invoice.void', ctx, input.returnTo),
  'invoice.void',
);
