import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { invoiceListQuery } from '@/lib/schemas/invoice';
import { db } from '@/server/db/client';
import { generateInvoices } from '@/server/db/seed-demo';
import { scopedInvoices } from '@/server/invoices/scoped';
import { rawRows } from './support/fixtures';

/**
 * Every list filter on an org with 100,000 invoices is planned through an index and executes in
 * under 50 ms at the database. Postgres only: the claim is about a server's planner.
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
  const rows = await rawRows<{ 'QUERY PLAN': string }>(sql`EXPLAIN (ANALYZE, COSTS OFF) ${statement}`);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

describe.runIf(onPostgres)('find on an org with 100,000 invoices', { timeout: 300_000 }, () => {
  it('every filter uses an index on invoices and executes in under 50 ms', async () => {
    const database = await db();
    await database.transaction((tx) => generateInvoices(tx, { orgId: ORG, firstNumber: 2000, count: 100_000 }));
    await database.execute(sql`ANALYZE`);
    const [customer] = await rawRows<{ id: string }>(sql`SELECT id::text AS id FROM customers WHERE org_id = ${ORG} LIMIT 1`);
    const filters = { ...FILTERS, customer: { customer: customer!.id } };

    for (const [name, query] of Object.entries(filters)) {
      await explain(query); // warm the buffers: the claim is about steady state, not a cold disk
      const plan = await explain(query);
      expect(plan, `${name}:\n${plan}`).toMatch(/Index (Only )?Scan .*on invoices|Bitmap Index Scan on invoices_/);
      expect(plan, `${name}:\n${plan}`).not.toMatch(/Seq Scan on invoices/);
      const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1]);
      expect(ms, `${name}: ${ms} ms\n${plan}`).toBeLessThan(50);
    }
  });
});
