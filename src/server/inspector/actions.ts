'use server';
import 'server-only';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { misuseToggleInput } from '@/lib/schemas/inspector';
import { authedAction } from '@/server/authed-action';
import { waitForJob } from '@/server/jobs/enqueue';
import { enqueueSummaryRecompute, summaryRecomputeJob } from '@/server/jobs/summary-recompute';
import { setMisuse } from '@/server/demo/misuse-flag';
import { logger } from '@/server/observability/logger';
import { invoiceImport, orgFlush } from './mutations';

const nothing = z.object({});

/*
 * The misuse switch and the summary task stay off the write pipeline (decision 024): the switch is demo
 * configuration with no audit row and nothing cached to invalidate (it changes how later invoice edits
 * invalidate), and the task starts a job whose own eventual invalidation is what it demonstrates.
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

/** The inspector's writes through the pipeline, each defined once in mutations.ts. */
export const importInvoicesAction = invoiceImport.action;
export const flushOrgAction = orgFlush.action;
