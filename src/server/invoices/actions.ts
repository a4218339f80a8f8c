'use server';
import 'server-only';
import { redirect } from 'next/navigation';
import type { CacheEvent } from '@/server/cache/graph';
import { lifecycleInput, updateInvoiceInput } from '@/lib/schemas/invoice';
import { authedAction, type TenantContext } from '@/server/authed-action';
import { invalidate } from '@/server/cache/invalidate';
import { isMisuseOn } from '@/server/inspector/flags';
import {
  archiveInvoiceRecord,
  restoreInvoiceRecord,
  softDeleteInvoiceRecord,
  updateInvoiceRecord,
  type InvoiceResult,
} from './lifecycle';

/**
 * After a committed write: every tag the event touches (interactive: the user reads their own write
 * on the redirect), then the redirect. A failed write returns before any of it. No revalidatePath:
 * /invoices is one URL for every org, so a path invalidation would expire other tenants' entries
 * (decision 005).
 */
async function afterCommit(
  result: InvoiceResult,
  event: CacheEvent,
  ctx: TenantContext,
  returnTo: string | undefined,
  misuse = false,
): Promise<InvoiceResult> {
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
