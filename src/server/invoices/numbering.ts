import 'server-only';
import { sql } from 'drizzle-orm';
import { issuedNumber } from '@/lib/schemas/invoice';
import type { Executor, Tx } from '@/server/db/open';
import { invoiceCounters } from '@/server/db/schema';

/**
 * The next gapless number of the org's year, taken inside the send transaction. The upsert's
 * DO UPDATE locks the counter row until the transaction ends (as SELECT … FOR UPDATE would), so
 * concurrent sends on any instance queue on it; a send that rolls back gives its number back.
 */
export async function takeInvoiceNumber(tx: Tx, orgId: string, year: number): Promise<string> {
  const [row] = await tx
    .insert(invoiceCounters)
    .values({ orgId, year, lastNumber: 1 })
    .onConflictDoUpdate({
      target: [invoiceCounters.orgId, invoiceCounters.year],
      set: { lastNumber: sql`${invoiceCounters.lastNumber} + 1` },
    })
    .returning({ lastNumber: invoiceCounters.lastNumber });
  if (!row) throw new Error('The invoice counter upsert returned no row.');
  return issuedNumber(year, row.lastNumber);
}

/**
 * Serializes, per org until the transaction ends, whatever picks the next internal draft numbers (new
 * invoices, imports), so two of them never take the same one.
 */
export async function lockInvoiceNumbers(tx: Executor, orgId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`import:${orgId}`}))`);
}
