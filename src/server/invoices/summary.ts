import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '@/server/db/open';
import { orgInvoiceSummaries } from '@/server/db/schema';
import { isActive, scopedInvoices } from './scoped';
import type { InvoiceRow, Summary } from '@/lib/invoice';

/**
 * The stored summary is kept exact by every action (a delta inside the action's own transaction)
 * and reconciled by the recompute job. See docs/decisions/004-summary-maintenance.md.
 */
export interface StoredSummary extends Summary {
  updatedAt: string;
}

type Contribution = Pick<InvoiceRow, 'archivedAt' | 'deletedAt' | 'totalCents'>;

const contribution = (row: Contribution): Summary =>
  isActive(row) ? { count: 1, totalCents: row.totalCents } : { count: 0, totalCents: 0 };

/** Adds (after - before) to the org's stored summary; a no-op when the write did not move the totals. */
export async function applySummaryDelta(tx: Executor, orgId: string, before: Contribution | null, after: Contribution | null) {
  const from = before ? contribution(before) : { count: 0, totalCents: 0 };
  const to = after ? contribution(after) : { count: 0, totalCents: 0 };
  const count = to.count - from.count;
  const totalCents = to.totalCents - from.totalCents;
  if (count === 0 && totalCents === 0) return;
  await tx
    .insert(orgInvoiceSummaries)
    .values({ orgId, invoiceCount: count, totalCents })
    .onConflictDoUpdate({
      target: orgInvoiceSummaries.orgId,
      set: {
        invoiceCount: sql`${orgInvoiceSummaries.invoiceCount} + ${count}`,
        totalCents: sql`${orgInvoiceSummaries.totalCents} + ${totalCents}`,
        updatedAt: sql`now()`,
      },
    });
}

/**
 * Sets the stored summary to the live SQL COUNT/SUM. Idempotent. The summary row is locked before
 * the aggregate runs, so an action whose delta lands concurrently is either already in the aggregate
 * or applied after this write; never lost, never counted twice.
 */
export async function recomputeStoredSummary(database: Db, orgId: string): Promise<StoredSummary> {
  return database.transaction(async (tx) => {
    await tx.insert(orgInvoiceSummaries).values({ orgId }).onConflictDoNothing();
    await tx.select().from(orgInvoiceSummaries).where(eq(orgInvoiceSummaries.orgId, orgId)).for('update');
    const live = await scopedInvoices(orgId, tx).summary();
    const [row] = await tx
      .update(orgInvoiceSummaries)
      .set({ invoiceCount: live.count, totalCents: live.totalCents, updatedAt: sql`now()` })
      .where(eq(orgInvoiceSummaries.orgId, orgId))
      .returning();
    return { ...live, updatedAt: (row?.updatedAt ?? new Date()).toISOString() };
  });
}

export async function readStoredSummary(executor: Executor, orgId: string): Promise<StoredSummary> {
  const [row] = await executor.select().from(orgInvoiceSummaries).where(eq(orgInvoiceSummaries.orgId, orgId));
  return row
    ? { count: row.invoiceCount, totalCents: row.totalCents, updatedAt: row.updatedAt.toISOString() }
    : { count: 0, totalCents: 0, updatedAt: new Date(0).toISOString() };
}
