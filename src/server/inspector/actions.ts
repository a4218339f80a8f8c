'use server';
import 'server-only';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { misuseToggleInput } from '@/lib/schemas/inspector';
import { authedAction } from '@/server/authed-action';
import { invalidate } from '@/server/cache/invalidate';
import { waitForJob } from '@/server/jobs/enqueue';
import { enqueueSummaryRecompute, summaryRecomputeJob } from '@/server/jobs/summary-recompute';
import { setMisuse } from '@/server/demo/misuse-flag';
import { logger } from '@/server/observability/logger';
import { invoiceImport, orgFlush } from './mutations';

const nothing = z.object({});

/*
 * The misuse switch and the summary task stay off the write pipeline (decision 024): the switch is demo
 * configuration with no audit row and nothing cached to invalidate (it changes how later invoice edits
 * invalidate), and the task's write is the job's, which invalidates for itself.
 */

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
 * Enqueues the recompute job and waits for a worker to finish it. The job marks the summary stale, as
 * every background recompute does (whoever reads next gets the old totals once more). The person who
 * clicked is waiting on the redirect, though: once the job is done, this action expires the summary
 * for them (read-your-writes), so the page they land on shows the new totals.
 */
export const runSummaryTask = authedAction(
  'admin',
  nothing,
  async (_input, ctx) => {
    const { id } = await enqueueSummaryRecompute(ctx.orgId, { immediate: true });
    const state = await waitForJob(summaryRecomputeJob, id, SUMMARY_TASK_WAIT_MS);
    if (state === 'completed') await invalidate('summary.recompute', { orgId: ctx.orgId }, 'interactive', { source: 'action' });
    else logger.warn({ jobId: id, orgId: ctx.orgId, state: state ?? 'running' }, 'summary task not completed at the redirect');
    redirect('/inspector');
  },
  'inspector.summary',
);

/** The inspector's writes through the pipeline, each defined once in mutations.ts. */
export const importInvoicesAction = invoiceImport.action;
export const flushOrgAction = orgFlush.action;
