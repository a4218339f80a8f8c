import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { invoiceListQuery } from '@/lib/schemas/invoice';
import { db } from '@/server/db/client';
import { generateInvoices } from '@/server/db/seed-demo';
import { scopedInvoices } from '@/server/invoices/scoped';
import { rawRows } from './support/fixtures';

/**
 * Every list filter on an org with 100,000 invoices is planned through an index and touches under a
 * quarter of the invoices table's pages (a sequential scan touches all of them). Buffers, not
 * milliseconds: the count of pages is the work the plan does, the same on any host, where a time
 * would measure the host (a CI run on a busy 2-core machine once took 107 ms for a 1 ms plan).
 * Postgres only: the claim is about a server's planner.
 */
const onPostgres = process.env.TALLY_TEST_BACKEND === 'postgres';
const ORG = 'org_acme';
const TODAY = '2026-12-02';

const FILTERS: Record<string, Record<string, string>> = {
  newest: {},
  search: { q: 'harbor' },
  number: { q: 'inv-2300' },
  notes: { q: 'po 4410' },
  status: { status: 'paid' },
  overdue: { status: 'overdue' },
  dateRange: { from: '2026-03-01', to: '2026-03-15' },
  amountRange: { min: '1000', max: '1010' },
  sortDue: { sort: 'due' },
  sortAmount: { sort: 'amount' },
};

async function explain(query: Record<string, string>): Promise<string> {
  const { after: _after, before: _before, ...filter } = invoiceListQuery.parse(query);
  const statement = scopedInvoices(ORG, await db()).findSql({ ...filter, today: TODAY }, 21);
  const rows = await rawRows<{ 'QUERY PLAN': string }>(sql`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${statement}`);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

describe.runIf(onPostgres)('find on an org with 100,000 invoices', { timeout: 300_000 }, () => {
  it('every filter uses an index on invoices and touches under a quarter of its pages', async () => {
    const database = await db();
    await database.transaction((tx) => generateInvoices(tx, { orgId: ORG, firstNumber: 2000, count: 100_000 }));
    await database.execute(sql`ANALYZE`);
    const [customer] = await rawRows<{ id: string }>(sql`SELECT id::text AS id FROM customers WHERE org_id = ${ORG} LIMIT 1`);
    const filters = { ...FILTERS, customer: { customer: customer!.id } };
    const [table] = await rawRows<{ pages: number }>(sql`SELECT (pg_relation_size('invoices') / 8192)::int AS pages`);

    for (const [name, query] of Object.entries(filters)) {
      await explain(query); // warm the buffers: the claim is about steady state, not a cold disk
      const plan = await explain(query);
      expect(plan, `${name}:\n${plan}`).toMatch(/Index (Only )?Scan .*on invoices|Bitmap Index Scan on invoices_/);
      expect(plan, `${name}:\n${plan}`).not.toMatch(/Seq Scan on invoices/);
      // The first Buffers line is the plan's top node, which counts its children's pages too.
      const [, hit = '0', read = '0'] = /Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?/.exec(plan) ?? [];
      const pages = Number(hit) + Number(read);
      expect(pages, `${name}: ${pages} of ${table!.pages} pages\n${plan}`).toBeGreaterThan(0);
      expect(pages, `${name}: ${pages} of ${table!.pages} pages\n${plan}`).toBeLessThan(table!.pages / 4);
    }
  });
});
