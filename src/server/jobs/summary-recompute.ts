import 'server-only';
import { z } from 'zod';
import { env } from '@/server/env';
import { invalidate } from '@/server/cache/invalidate';
import { db } from '@/server/db/client';
import { recomputeStoredSummary, type StoredSummary } from '@/server/invoices/summary';
import { defineJob } from './define';
import { enqueue, type Enqueued } from './enqueue';

export const summaryRecomputePayload = z.strictObject({ orgId: z.string().trim().min(1).max(100) });

/**
 * Reconciles an org's stored summary with SQL COUNT/SUM, then marks the summary tag stale (eventual:
 * nobody waits on this, so readers get the old totals once more while a fresh entry is built).
 * The payload is parsed before anything else: a bad payload reads, writes and logs nothing.
 * Idempotent (decision 004), so a retried or duplicated run is harmless.
 */
export async function recomputeOrgSummary(payload: unknown): Promise<StoredSummary> {
  const { orgId } = summaryRecomputePayload.parse(payload);
  const summary = await recomputeStoredSummary(await db(), orgId);
  await invalidate('summary.recompute', { orgId }, 'eventual', { source: 'job' });
  return summary;
}

export const summaryRecomputeJob = defineJob({
  name: 'summary.recompute',
  payload: summaryRecomputePayload,
  // A burst of enqueues for one org collapses into one run, started once the burst is over.
  dedupe: { key: ({ orgId }) => orgId, quietSeconds: 1, maxWaitSeconds: 30 },
  retry: { retryLimit: 4, retryDelay: 2, expireInSeconds: 120 },
  concurrency: () => env().TALLY_JOB_CONCURRENCY,
  run: (payload) => recomputeOrgSummary(payload),
});

export function enqueueSummaryRecompute(orgId: string): Promise<Enqueued> {
  return enqueue(summaryRecomputeJob, { orgId });
}
