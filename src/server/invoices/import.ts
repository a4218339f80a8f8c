import 'server-only';
import { sql } from 'drizzle-orm';
import type { ImportRow } from '@/lib/schemas/inspector';
import { writeAudit } from '@/server/audit';
import { db } from '@/server/db/client';
import type { Actor } from './lifecycle';
import { scopedInvoices } from './scoped';

/**
 * Inserts the rows as new invoices in one transaction, numbered after the org's highest number.
 * The stored summary is deliberately left alone: the recompute job reconciles it.
 */
export async function importInvoices(actor: Actor, rows: ImportRow[]): Promise<{ count: number; firstNumber: number }> {
  return (await db()).transaction(async (tx) => {
    // Serializes imports per org so two batches never pick the same numbers.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`import:${actor.orgId}`}))`);
    const scoped = scopedInvoices(actor.orgId, tx);
    const firstNumber = (await scoped.maxNumber()) + 1;
    const issuedOn = new Date().toISOString().slice(0, 10);
    for (const [index, row] of rows.entries()) {
      await scoped.insert({
        number: firstNumber + index,
        customerName: row.customerName,
        customerEmail: row.customerEmail,
        terms: 'Net 30',
        issuedOn: row.dueOn < issuedOn ? row.dueOn : issuedOn,
        dueOn: row.dueOn,
        status: 'draft',
        lines: [{ description: 'Imported amount', quantity: 1, unitPrice: row.amountCents }],
      });
    }
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'invoice.import',
      subjectId: actor.orgId,
      details: { count: rows.length, firstNumber },
    });
    return { count: rows.length, firstNumber };
  });
}
