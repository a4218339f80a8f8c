import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { orgInvoiceSummaries } from '@/server/db/schema';
import {
  invoiceArchive,
  invoiceRestore,
  invoiceSoftDelete,
  updateInvoiceRecord,
  type InvoiceResult,
} from '@/server/invoices/lifecycle';
import { scopedInvoices } from '@/server/invoices/scoped';
import { readStoredSummary, recomputeStoredSummary } from '@/server/invoices/summary';
import {
  ACME,
  acmeAdmin,
  activeInvoice,
  editOf,
  GLOBEX,
  globexAdmin,
  independentSummary,
  rawOrgInvoices,
  rawRows,
} from './support/fixtures';

const live = async (orgId: string) => scopedInvoices(orgId, await db()).summary();
const stored = async (orgId: string) => {
  const { count, totalCents } = await readStoredSummary(await db(), orgId);
  return { count, totalCents };
};

/** A tiny deterministic PRNG (LCG), so the "random" sequence is the same on every run. */
function lcg(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state % n;
  };
}

describe('org invoice summary', () => {
  it('live summary() equals an independent JS computation over the raw rows, per org, and differs between orgs', async () => {
    const acme = await live(ACME);
    const globex = await live(GLOBEX);
    expect(acme).toEqual(await independentSummary(ACME));
    expect(globex).toEqual(await independentSummary(GLOBEX));
    // Seed: 72 invoices per org, 8 archived and 3 soft-deleted.
    expect(acme.count).toBe(61);
    expect(globex.count).toBe(61);
    expect(acme.totalCents).toBeGreaterThan(0);
    expect(acme).not.toEqual(globex);
    // The stored summaries start out exact too.
    expect(await stored(ACME)).toEqual(acme);
    expect(await stored(GLOBEX)).toEqual(globex);
  });

  it('stored summary equals live after a deterministic sequence of updates/archives/restores/deletes', async () => {
    const next = lcg(20_260_101);
    const actors = { [ACME]: acmeAdmin, [GLOBEX]: globexAdmin };
    const applied: Record<string, number> = { update: 0, archive: 0, restore: 0, softDelete: 0 };

    for (let step = 0; step < 30; step++) {
      const orgId = next(3) === 0 ? GLOBEX : ACME;
      const rows = (await rawOrgInvoices(orgId)).sort((a, b) => a.number - b.number);
      const row = rows[next(rows.length)]!;
      const record = await scopedInvoices(orgId, await db()).byId(row.id);
      if (!record) throw new Error('seeded invoice vanished');
      const actor = actors[orgId]!;
      const op = next(10);
      let result: InvoiceResult;
      let kind: string;
      if (op < 4) {
        kind = 'update';
        const lines = Array.from({ length: 1 + next(3) }, (_, i) => ({
          description: `Step ${step} line ${i}`,
          quantity: 1 + next(5),
          unitPrice: 100 + next(500_000),
        }));
        result = await updateInvoiceRecord(actor, editOf(record, { lines }));
      } else if (op < 6) {
        kind = 'archive';
        result = await invoiceArchive.commit(actor, { id: record.id, version: record.version });
      } else if (op < 9) {
        kind = 'restore';
        // Restores aim at an archived row when there is one, so they actually happen.
        const archived = rows.find((r) => r.archivedAt && !r.deletedAt) ?? row;
        result = await invoiceRestore.commit(actor, { id: archived.id, version: archived.version });
      } else {
        kind = 'softDelete';
        result = await invoiceSoftDelete.commit(actor, { id: record.id, version: record.version });
      }
      if (result.ok) applied[kind]!++;
      else expect(result.code).toBe('conflict'); // e.g. archiving an archived row, touching a deleted one

      const expected = await independentSummary(orgId);
      expect(await live(orgId), `live summary of ${orgId} after step ${step} (${kind})`).toEqual(expected);
      expect(await stored(orgId), `stored summary of ${orgId} after step ${step} (${kind})`).toEqual(expected);
    }
    for (const org of [ACME, GLOBEX]) expect(await stored(org)).toEqual(await independentSummary(org));
    // The sequence really exercised every kind of write.
    for (const kind of Object.keys(applied)) expect(applied[kind], kind).toBeGreaterThan(0);
  });

  it('recomputeStoredSummary repairs a deliberately corrupted stored row and leaves the other org alone', async () => {
    const database = await db();
    const globexBefore = await stored(GLOBEX);
    await database
      .update(orgInvoiceSummaries)
      .set({ invoiceCount: 9_999, totalCents: 1 })
      .where(eq(orgInvoiceSummaries.orgId, ACME));
    expect(await stored(ACME)).toEqual({ count: 9_999, totalCents: 1 });
    expect(await stored(ACME)).not.toEqual(await independentSummary(ACME));

    const repaired = await recomputeStoredSummary(database, ACME);

    const expected = await independentSummary(ACME);
    expect({ count: repaired.count, totalCents: repaired.totalCents }).toEqual(expected);
    expect(await stored(ACME)).toEqual(expected);
    expect(await stored(GLOBEX)).toEqual(globexBefore);

    // A missing row is recreated, and a second run is a no-op (idempotent).
    await database.delete(orgInvoiceSummaries).where(eq(orgInvoiceSummaries.orgId, ACME));
    expect(await stored(ACME)).toEqual({ count: 0, totalCents: 0 });
    await recomputeStoredSummary(database, ACME);
    await recomputeStoredSummary(database, ACME);
    expect(await stored(ACME)).toEqual(expected);
  });

  it("every invoice's total_cents equals the SQL sum of its line items (and each amount is quantity x unit price)", async () => {
    // Touch a few invoices first so the check covers rows written by the app, not only the seed.
    const record = await activeInvoice(ACME);
    const edited = await updateInvoiceRecord(
      acmeAdmin,
      editOf(record, {
        lines: [
          { description: 'Big', quantity: 10_000, unitPrice: 1_234_567 },
          { description: 'Small', quantity: 1, unitPrice: 1 },
        ],
      }),
    );
    expect(edited.ok).toBe(true);

    // The total is the lines' amounts plus their tax, both summed by SQL.
    const totals = await rawRows<{ id: string; org_id: string; total_cents: string; line_sum: string; lines: string }>(sql`
      SELECT i.id::text AS id, i.org_id, i.total_cents::text AS total_cents,
        (COALESCE(SUM(l.amount_cents), 0) + COALESCE(SUM(l.tax_cents), 0))::text AS line_sum, COUNT(l.id)::text AS lines
      FROM invoices i LEFT JOIN invoice_line_items l ON l.invoice_id = i.id
      GROUP BY i.id, i.org_id, i.total_cents
    `);
    expect(totals).toHaveLength(144);
    const mismatched = totals.filter((t) => t.total_cents !== t.line_sum);
    expect(mismatched).toEqual([]);
    expect(totals.every((t) => Number(t.lines) > 0)).toBe(true);
    const bigOne = totals.find((t) => t.id === record.id);
    expect(bigOne?.total_cents).toBe(String(10_000 * 1_234_567 + 1));

    const badAmounts = await rawRows<{ id: string }>(sql`
      SELECT l.id::text AS id FROM invoice_line_items l JOIN invoices i ON i.id = l.invoice_id
      WHERE l.amount_cents <> l.quantity * l.unit_price_cents OR l.org_id <> i.org_id
    `);
    expect(badAmounts).toEqual([]);
  });
});
