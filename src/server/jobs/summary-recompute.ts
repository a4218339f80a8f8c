import 'server-only';
import { z } from 'zod';
import { invalidate } from '@/server/cache/invalidate';
import { db } from '@/server/db/client';
import { recomputeStoredSummary, type StoredSummary } from '@/server/invoices/summary';
import { enqueue } from './queue';

export const summaryRecomputePayload = z.strictObject({ orgId: z.string().trim().min(1).max(100) });

/**
 * Reconciles an org's stored summary with SQL COUNT/SUM, then marks the summary tag stale (eventual:
 * nobody waits on this, so readers get the old totals once more while a fresh entry is built).
 * The payload is parsed before anything else: a bad payload reads, writes and logs nothing.
 */
export async function recomputeOrgSummary(payload: unknown): Promise<StoredSummary> {
  const { orgId } = summaryRecomputePayload.parse(payload);
  const summary = await recomputeStoredSummary(await db(), orgId);
  await invalidate('summary.recomputed', { orgId }, 'eventual', { source: 'job' });
  return summary;
}

export function enqueueSummaryRecompute(orgId: string): Promise<void> {
  const payload = summaryRecomputePayload.parse({ orgId });
  return enqueue('summary.recompute', async () => {
    await recomputeOrgSummary(payload);
  });
}
