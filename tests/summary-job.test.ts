import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { invoiceTags } from '@/server/cache/tags';
import { db } from '@/server/db/client';
import { cacheInvalidations, orgInvoiceSummaries } from '@/server/db/schema';
import { scopedInvoices } from '@/server/invoices/scoped';
import { readStoredSummary } from '@/server/invoices/summary';
import { recomputeOrgSummary } from '@/server/jobs/summary-recompute';
import { ACME, independentSummary, rawRows } from './support/fixtures';

/** COUNT/SUM of the org's active invoices in plain SQL against the table, bypassing scopedInvoices. */
async function sqlSummary(orgId: string) {
  const [row] = await rawRows<{ count: number; total: string }>(
    sql`SELECT COUNT(*)::int AS count, COALESCE(SUM(total_cents), 0)::text AS total FROM invoices
        WHERE org_id = ${orgId} AND archived_at IS NULL AND deleted_at IS NULL`,
  );
  return { count: Number(row?.count ?? 0), totalCents: Number(row?.total ?? 0) };
}

const HANDLERS = Symbol.for('@next/cache-handlers-set');
type Handlers = Record<symbol, unknown>;

/** Stands in for Next's handler set, the way a worker process without any request sees it. */
function installHandler() {
  const handler = { updateTags: vi.fn(async (_tags: string[], _durations?: { expire?: number }) => {}) };
  (globalThis as Handlers)[HANDLERS] = new Set([handler]);
  return handler;
}

async function corruptStoredSummary() {
  await (
    await db()
  )
    .update(orgInvoiceSummaries)
    .set({ invoiceCount: 1, totalCents: 1 })
    .where(eq(orgInvoiceSummaries.orgId, ACME));
}

const logRows = async () => (await db()).select().from(cacheInvalidations).where(eq(cacheInvalidations.orgId, ACME));

afterEach(() => {
  delete (globalThis as Handlers)[HANDLERS];
});

describe('summary.recompute job', () => {
  it.each([[{}], [{ orgId: '' }], [{ orgId: ACME, extra: true }], [null], ['org_acme']])(
    'rejects the payload %j before any read, write or log',
    async (payload) => {
      const handler = installHandler();
      await corruptStoredSummary();
      const before = await logRows();
      await expect(recomputeOrgSummary(payload)).rejects.toThrow();
      expect(await readStoredSummary(await db(), ACME)).toMatchObject({ count: 1, totalCents: 1 });
      expect(handler.updateTags).not.toHaveBeenCalled();
      expect(await logRows()).toHaveLength(before.length);
    },
  );

  it('reconciles the stored summary with SQL and marks the summary tag stale with no request in progress', async () => {
    const handler = installHandler();
    await corruptStoredSummary();
    const result = await recomputeOrgSummary({ orgId: ACME });
    const live = await scopedInvoices(ACME, await db()).summary();
    expect(result).toMatchObject(live);
    expect(await readStoredSummary(await db(), ACME)).toMatchObject(live);
    expect(handler.updateTags).toHaveBeenCalledTimes(1);
    const [tags, durations] = handler.updateTags.mock.calls[0]!;
    expect(tags).toEqual([invoiceTags.summary(ACME)]);
    expect(durations?.expire).toBeGreaterThan(0);
    const rows = await logRows();
    expect(rows.at(-1)).toMatchObject({ tag: invoiceTags.summary(ACME), source: 'job', primitive: 'revalidateTag' });
  });

  it('is idempotent, and both runs equal a sum computed without the code under test', async () => {
    installHandler();
    await corruptStoredSummary();
    const expected = await sqlSummary(ACME);
    expect(expected.count).toBeGreaterThan(0);
    expect(await independentSummary(ACME)).toEqual(expected);
    for (let run = 0; run < 2; run += 1) {
      const result = await recomputeOrgSummary({ orgId: ACME });
      expect({ count: result.count, totalCents: result.totalCents }).toEqual(expected);
      expect(await readStoredSummary(await db(), ACME)).toMatchObject(expected);
    }
  });

  it('logs nothing when the invalidation itself fails (no cache handlers in this process)', async () => {
    const before = await logRows();
    await expect(recomputeOrgSummary({ orgId: ACME })).rejects.toThrow(/cache handlers/);
    expect(await logRows()).toHaveLength(before.length);
  });
});
