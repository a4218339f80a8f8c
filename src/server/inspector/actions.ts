'use server';
import 'server-only';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { importInvoicesInput, INLINE_IMPORT_ROWS, misuseToggleInput } from '@/lib/schemas/inspector';
import { authedAction } from '@/server/authed-action';
import { flushOrganization } from '@/server/cache/flush';
import { invalidate } from '@/server/cache/invalidate';
import { importInvoices } from '@/server/invoices/import';
import { waitForJob } from '@/server/jobs/enqueue';
import { enqueueInvoiceImport } from '@/server/jobs/invoices-import';
import { enqueueSummaryRecompute, summaryRecomputeJob } from '@/server/jobs/summary-recompute';
import { setMisuse } from '@/server/demo/misuse-flag';
import { logger } from '@/server/observability/logger';

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

/** Long enough for a recompute behind a few others; a stuck queue must not hold the request forever. */
const SUMMARY_TASK_WAIT_MS = 15_000;

/**
 * Enqueues the recompute job and waits for a worker to finish it, so the redirect happens after the job
 * marked the summary stale from outside this request: that render serves the old entry, the next one
 * is fresh.
 */
export const runSummaryTask = authedAction(
  'admin',
  nothing,
  async (_input, ctx) => {
    const { id } = await enqueueSummaryRecompute(ctx.orgId, { immediate: true });
    const state = await waitForJob(summaryRecomputeJob, id, SUMMARY_TASK_WAIT_MS);
    if (state !== 'completed')
      logger.warn({ jobId: id, orgId: ctx.orgId, state: state ?? 'running' }, 'summary task not completed at the redirect');
    redirect('/inspector');
  },
  'inspector.summary',
);

export const importInvoicesAction = authedAction(
  'admin',
  importInvoicesInput,
  async ({ csv: rows }, ctx) => {
    if (rows.length > INLINE_IMPORT_ROWS) {
      // Too long to hold the request: the job imports in chunks, then the list goes stale (eventual).
      await enqueueInvoiceImport(ctx, rows);
      redirect('/inspector');
    }
    await importInvoices(ctx, rows);
    await invalidate('invoice.import', { orgId: ctx.orgId }, 'interactive', { source: 'action' });
    // Nobody waits for the totals: the job reconciles them in the background (nightly at the latest).
    await enqueueSummaryRecompute(ctx.orgId).catch((error: unknown) =>
      logger.error({ err: error, orgId: ctx.orgId }, 'could not enqueue the summary recompute'),
    );
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
