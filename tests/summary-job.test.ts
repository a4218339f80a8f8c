import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { invoiceTags } from '@/server/cache/tags';
import { db } from '@/server/db/client';
import { cacheInvalidations, orgInvoiceSummaries } from '@/server/db/schema';
import { scopedInvoices } from '@/server/invoices/scoped';
import { readStoredSummary } from '@/server/invoices/summary';
import { recomputeOrgSummary } from '@/server/jobs/summary-recompute';
import { ACME } from './support/fixtures';

const HANDLERS = Symbol.for('@next/cache-handlers-set');
type Handlers = Record<symbol, unknown>;

/** Stands in for Next's handler set, the way a worker process without any request sees it. */
function installHandler() {
  const handler = { updateTags: vi.fn(async (_tags: string[], _durations?: { expire?: number }) => {}) };
  (globalThis as Handlers)[HANDLERS] = new Set([handler]);
  return handler;
}

async function corruptStoredSummary() {
  await (await db()).update(orgInvoiceSummaries).set({ invoiceCount: 1, totalCents: 1 }).where(eq(orgInvoiceSummaries.orgId, ACME));
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

  it('is idempotent: a second run changes nothing', async () => {
    installHandler();
    const first = await recomputeOrgSummary({ orgId: ACME });
    const second = await recomputeOrgSummary({ orgId: ACME });
    expect({ count: second.count, totalCents: second.totalCents }).toEqual({ count: first.count, totalCents: first.totalCents });
  });

  it('logs nothing when the invalidation itself fails (no cache handlers in this process)', async () => {
    const before = await logRows();
    await expect(recomputeOrgSummary({ orgId: ACME })).rejects.toThrow(/cache handlers/);
    expect(await logRows()).toHaveLength(before.length);
  });
});
