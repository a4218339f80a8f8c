'use server';
import 'server-only';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { importInvoicesInput, misuseToggleInput } from '@/lib/schemas/inspector';
import { authedAction } from '@/server/authed-action';
import { flushOrganization } from '@/server/cache/flush';
import { invalidate } from '@/server/cache/invalidate';
import { importInvoices } from '@/server/invoices/import';
import { enqueueSummaryRecompute } from '@/server/jobs/summary-recompute';
import { setMisuse } from './flags';

const nothing = z.object({});

export const setMisuseToggle = authedAction(
  'admin',
  misuseToggleInput,
  async ({ on }, ctx) => {
    await setMisuse(ctx.orgId, on === 'on');
    redirect('/inspector');
  },
  'inspector.misuse',
);

/**
 * Runs the recompute job and waits for it, so the redirect happens after the job marked the summary
 * stale from outside this request: that render serves the old entry, the next one is fresh.
 */
export const runSummaryTask = authedAction(
  'admin',
  nothing,
  async (_input, ctx) => {
    await enqueueSummaryRecompute(ctx.orgId);
    redirect('/inspector');
  },
  'inspector.summary',
);

export const importInvoicesAction = authedAction(
  'admin',
  importInvoicesInput,
  async ({ csv }, ctx) => {
    await importInvoices(ctx, csv);
    await invalidate('invoice.imported', { orgId: ctx.orgId }, 'interactive', { source: 'action' });
    // Nobody waits for the totals: the job reconciles them in the background.
    enqueueSummaryRecompute(ctx.orgId).catch((error: unknown) => console.error('[tally] summary recompute after import failed', error));
    redirect('/inspector');
  },
  'inspector.import',
);

export const flushOrgAction = authedAction(
  'admin',
  nothing,
  async (_input, ctx) => {
    await flushOrganization(ctx.orgId);
    redirect('/inspector');
  },
  'inspector.flush',
);
