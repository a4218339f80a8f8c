import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { ImportRow } from '@/lib/schemas/inspector';
import { writeAudit } from '@/server/audit';
import { db } from '@/server/db/client';
import type { Executor } from '@/server/db/open';
import { auditLog } from '@/server/db/schema';
import type { Actor } from '@/server/mutation';
import { scopedCustomers } from '@/server/customers/scoped';
import { lockInvoiceNumbers } from './numbering';
import { scopedInvoices } from './scoped';

/** One chunk of a background import; its audit row marks it done, so a retried job skips it. */
export interface ImportChunk {
  importId: string;
  chunk: number;
}

export interface Imported {
  count: number;
  /** The internal number of the first row; the others follow it. */
  firstNumber: number;
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
 * Inserts the rows as new drafts numbered after the org's highest number (the caller holds the
 * numbering lock). The stored summary is deliberately left alone: the recompute job reconciles it.
 */
async function insertRows(tx: Executor, orgId: string, rows: ImportRow[]): Promise<Imported> {
  const scoped = scopedInvoices(orgId, tx);
  const customers = scopedCustomers(orgId, tx);
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
  return { count: rows.length, firstNumber };
}

/** A paste short enough for the request, inside the inspector's import mutation (which writes the audit row). */
export async function importRows(tx: Executor, orgId: string, rows: ImportRow[]): Promise<Imported> {
  await lockInvoiceNumbers(tx, orgId);
  return insertRows(tx, orgId, rows);
}

/**
 * One chunk of the background import, in its own transaction with its audit row; a chunk already
 * imported inserts nothing (count 0).
 */
export async function importInvoices(actor: Actor, rows: ImportRow[], chunk: ImportChunk): Promise<Imported> {
  return (await db()).transaction(async (tx) => {
    await lockInvoiceNumbers(tx, actor.orgId);
    if (await chunkAlreadyImported(tx, actor.orgId, chunk)) return { count: 0, firstNumber: 0 };
    const imported = await insertRows(tx, actor.orgId, rows);
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'invoice.import',
      subjectId: actor.orgId,
      details: { ...imported, ...chunk },
    });
    return imported;
  });
}
