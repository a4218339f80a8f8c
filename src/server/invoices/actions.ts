'use server';
import 'server-only';
import { redirect } from 'next/navigation';
import type { CacheEvent } from '@/server/cache/graph';
import { lifecycleInput, newInvoiceInput, recordPaymentInput, sendInvoiceInput, updateInvoiceInput, voidInvoiceInput } from '@/lib/schemas/invoice';
import type { Result } from '@/lib/result';
import { authedAction, type TenantContext } from '@/server/authed-action';
import { invalidate } from '@/server/cache/invalidate';
import { isMisuseOn } from '@/server/inspector/flags';
import {
  archiveInvoiceRecord,
  restoreInvoiceRecord,
  softDeleteInvoiceRecord,
  updateInvoiceRecord,
} from './lifecycle';
import { createInvoiceRecord, recordPaymentRecord, sendInvoiceRecord, voidInvoiceRecord } from './workflow';

/**
 * After a committed write: every tag the event touches (interactive: the user reads their own write
 * on the redirect), then the redirect. A failed write returns before any of it. No revalidatePath:
 * /invoices is one URL for every org, so a path invalidation would expire other tenants' entries
 * (decision 005).
 */
async function afterCommit<T extends { id: string }, C>(
  result: Result<T, C>,
  event: CacheEvent,
  ctx: TenantContext,
  returnTo: string | undefined,
  misuse = false,
): Promise<Result<T, C>> {
  if (!result.ok) return result;
  await invalidate(event, { orgId: ctx.orgId, invoiceId: result.data.id }, 'interactive', {
    source: 'action',
    eventualFamilies: misuse ? ['list'] : undefined,
  });
  redirect(returnTo ?? '/invoices');
}

export const updateInvoice = authedAction('admin', updateInvoiceInput, async (input, ctx) =>
  afterCommit(await updateInvoiceRecord(ctx, input), 'invoice.updated', ctx, input.returnTo, await isMisuseOn(ctx.orgId)),
  'invoice.update',
);

export const archiveInvoice = authedAction('admin', lifecycleInput, async (input, ctx) =>
  afterCommit(await archiveInvoiceRecord(ctx, input), 'invoice.archived', ctx, input.returnTo),
  'invoice.archive',
);

export const restoreInvoice = authedAction('admin', lifecycleInput, async (input, ctx) =>
  afterCommit(await restoreInvoiceRecord(ctx, input), 'invoice.restored', ctx, input.returnTo),
  'invoice.restore',
);

export const softDeleteInvoice = authedAction('admin', lifecycleInput, async (input, ctx) =>
  afterCommit(await softDeleteInvoiceRecord(ctx, input), 'invoice.softDeleted', ctx, input.returnTo),
  'invoice.softDelete',
);

export const createInvoice = authedAction('admin', newInvoiceInput, async (input, ctx) => {
  const result = await createInvoiceRecord(ctx, input);
  return afterCommit(result, 'invoice.created', ctx, result.ok ? `/invoices/${result.data.id}` : undefined);
}, 'invoice.create');

export const sendInvoice = authedAction('admin', sendInvoiceInput, async (input, ctx) =>
  afterCommit(await sendInvoiceRecord(ctx, input), 'invoice.sent', ctx, input.returnTo),
  'invoice.send',
);

export const recordPayment = authedAction('admin', recordPaymentInput, async (input, ctx) =>
  afterCommit(await recordPaymentRecord(ctx, input), 'invoice.paymentRecorded', ctx, input.returnTo),
  'invoice.pay',
);

export const voidInvoice = authedAction('admin', voidInvoiceInput, async (input, ctx) =>
  afterCommit(await voidInvoiceRecord(ctx, input), 'invoice.voided', ctx, input.returnTo),
  'invoice.void',
);
