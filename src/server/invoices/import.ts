import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { ImportRow } from '@/lib/schemas/inspector';
import { writeAudit } from '@/server/audit';
import { db } from '@/server/db/client';
import type { Executor } from '@/server/db/open';
import { auditLog } from '@/server/db/schema';
import type { Actor } from './lifecycle';
import { scopedCustomers } from '@/server/customers/scoped';
import { scopedInvoices } from './scoped';

/** One chunk of a background import; its audit row marks it done, so a retried job skips it. */
export interface ImportChunk {
  importId: string;
  chunk: number;
}

async function chunkAlreadyImported(tx: Executor, orgId: string, { importId, chunk }: ImportChunk): Promise<boolean> {
  const [row] = await tx
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.orgId, orgId),
        eq(auditLog.action, 'invoice.import'),
        sql`${auditLog.details}->>'importId' = ${importId}`,
        sql`${auditLog.details}->>'chunk' = ${String(chunk)}`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

/**
 * Inserts the rows as new invoices in one transaction, numbered after the org's highest number.
 * The stored summary is deliberately left alone: the recompute job reconciles it. A chunk that was
 * already imported inserts nothing (count 0).
 */
export async function importInvoices(
  actor: Actor,
  rows: ImportRow[],
  chunk?: ImportChunk,
): Promise<{ count: number; firstNumber: number }> {
  return (await db()).transaction(async (tx) => {
    // Serializes imports per org so two batches never pick the same numbers.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`import:${actor.orgId}`}))`);
    if (chunk && (await chunkAlreadyImported(tx, actor.orgId, chunk))) return { count: 0, firstNumber: 0 };
    const scoped = scopedInvoices(actor.orgId, tx);
    const customers = scopedCustomers(actor.orgId, tx);
    const firstNumber = (await scoped.maxNumber()) + 1;
    const issuedOn = new Date().toISOString().slice(0, 10);
    for (const [index, row] of rows.entries()) {
      await scoped.insert({
        number: firstNumber + index,
        customerId: await customers.idForName(row.customerName, row.customerEmail),
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
      details: { count: rows.length, firstNumber, ...chunk },
    });
    return { count: rows.length, firstNumber };
  });
}
