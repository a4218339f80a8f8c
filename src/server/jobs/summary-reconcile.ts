import 'server-only';
import { z } from 'zod';
import { env } from '@/server/env';
import { db } from '@/server/db/client';
import { organization } from '@/server/db/schema';
import { defineJob } from './define';
import { enqueueSummaryRecompute } from './summary-recompute';

/** 03:00 UTC: the quiet hour for the nightly reconciliation. */
const NIGHTLY = '0 3 * * *';

/** Nightly, or every N minutes when TALLY_RECONCILE_EVERY_MINUTES is set (to watch it in /inspector). */
export function reconcileCron(): string {
  const minutes = env().TALLY_RECONCILE_EVERY_MINUTES;
  return minutes ? `*/${minutes} * * * *` : NIGHTLY;
}

/** Enqueues a summary recompute for every organization; each is deduped per org like any other. */
export const summaryReconcileJob = defineJob({
  name: 'summary.reconcile',
  payload: z.strictObject({}),
  retry: { retryLimit: 2, retryDelay: 30, expireInSeconds: 600 },
  concurrency: () => 1,
  schedule: reconcileCron,
  run: async () => {
    const orgs = await (await db()).select({ id: organization.id }).from(organization);
    for (const { id } of orgs) await enqueueSummaryRecompute(id);
    return { organizations: orgs.length };
  },
});
