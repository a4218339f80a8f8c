import 'server-only';
import { conflict, err, ok, type Result } from '@/lib/result';
import type { LifecycleInput, UpdateInvoiceInput } from '@/lib/schemas/invoice';
import { writeAudit, type AuditAction } from '@/server/audit';
import { db } from '@/server/db/client';
import type { Db, Tx } from '@/server/db/open';
import { scopedInvoices, type InvoicePatch, type InvoiceRecord, type ScopedInvoices } from './scoped';
import { applySummaryDelta } from './summary';

/** The caller's identity inside the org; authorization already happened at the choke point. */
export interface Actor {
  userId: string;
  orgId: string;
}

/** A conflict carries the invoice as it is now, so the user can compare and decide. */
export type InvoiceResult = Result<InvoiceRecord, InvoiceRecord>;

export const STALE_VERSION = 'Someone else changed this invoice after you opened it.';

export interface Mutation {
  action: AuditAction;
  /** A reason the current state forbids this change (a conflict or a field error), or null. */
  guard(current: InvoiceRecord): InvoiceResult | null;
  /** May write inside the transaction (the send takes its number here); a throw rolls everything back. */
  patch(current: InvoiceRecord, tx: Tx): InvoicePatch | Promise<InvoicePatch>;
  afterWrite?(scoped: ScopedInvoices): Promise<void>;
  details?(before: InvoiceRecord, after: InvoiceRecord): Record<string, unknown>;
}

/** Thrown inside the transaction when the version precondition fails, so nothing it wrote survives. */
class StaleWrite extends Error {}

/**
 * One transaction: not-found guard, state guard, version precondition (the UPDATE matches
 * `id AND org_id AND version`), the write with version + 1, the summary delta, the audit row.
 * Anything thrown rolls all of it back; a lost race rolls back too (a number taken by a send that
 * then lost would otherwise leave a gap) and reports the invoice as the winner left it.
 */
export async function mutate(actor: Actor, { id, version }: LifecycleInput, mutation: Mutation, on?: Db): Promise<InvoiceResult> {
  const database = on ?? (await db());
  try {
    return await database.transaction(async (tx) => {
      const scoped = scopedInvoices(actor.orgId, tx);
      const before = await scoped.byId(id);
      if (!before) return err('not_found', 'Invoice not found.');
      if (before.deletedAt) return conflict('This invoice was deleted.', before);
      const blocked = mutation.guard(before);
      if (blocked) return blocked;
      if (before.version !== version) return conflict(STALE_VERSION, before);
      const written = await scoped.applyVersioned(id, version, await mutation.patch(before, tx));
      if (!written) throw new StaleWrite();
      await mutation.afterWrite?.(scoped);
      const after = await scoped.byId(id);
      if (!after) throw new Error(`Invoice ${id} vanished inside its own transaction.`);
      await applySummaryDelta(tx, actor.orgId, before, after);
      await writeAudit(tx, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: mutation.action,
        subjectId: id,
        details: { version: after.version, ...mutation.details?.(before, after) },
      });
      return ok(after);
    });
  } catch (error) {
    if (!(error instanceof StaleWrite)) throw error;
    // A concurrent writer committed first: report what it left behind.
    const current = await scopedInvoices(actor.orgId, database).byId(id);
    return current ? conflict(STALE_VERSION, current) : err('not_found', 'Invoice not found.');
  }
}

const EDITABLE = ['customerName', 'customerEmail', 'dueOn', 'totalCents'] as const;

/** Accounting: once sent, an invoice's content is fixed; a mistake is corrected by void + duplicate. */
export const onlyDrafts = (current: InvoiceRecord): InvoiceResult | null =>
  current.status === 'draft' ? null : conflict(`This invoice is ${current.status}; only a draft can be edited.`, current);

export function updateInvoiceRecord(actor: Actor, input: UpdateInvoiceInput): Promise<InvoiceResult> {
  return mutate(actor, input, {
    action: 'invoice.update',
    guard: (current) =>
      onlyDrafts(current) ??
      (input.dueOn < current.issuedOn
        ? err('bad_request', 'Some fields need attention.', {
            dueOn: [`The due date cannot be before the issue date (${current.issuedOn}).`],
          })
        : null),
    patch: () => ({
      customerName: input.customerName,
      customerEmail: input.customerEmail,
      dueOn: input.dueOn,
    }),
    afterWrite: (scoped) => scoped.replaceLines(input.id, input.lines),
    details: (before, after) => ({
      changed: Object.fromEntries(
        EDITABLE.filter((key) => before[key] !== after[key]).map((key) => [key, { from: before[key], to: after[key] }]),
      ),
      lines: after.lines.length,
    }),
  });
}

export function archiveInvoiceRecord(actor: Actor, input: LifecycleInput): Promise<InvoiceResult> {
  return mutate(actor, input, {
    action: 'invoice.archive',
    guard: (current) => (current.archivedAt ? conflict('This invoice is already archived.', current) : null),
    patch: () => ({ archivedAt: new Date() }),
  });
}

export function restoreInvoiceRecord(actor: Actor, input: LifecycleInput): Promise<InvoiceResult> {
  return mutate(actor, input, {
    action: 'invoice.restore',
    guard: (current) => (current.archivedAt ? null : conflict('This invoice is not archived.', current)),
    patch: () => ({ archivedAt: null }),
  });
}

export function softDeleteInvoiceRecord(actor: Actor, input: LifecycleInput): Promise<InvoiceResult> {
  return mutate(actor, input, {
    action: 'invoice.softDelete',
    guard: () => null,
    patch: () => ({ deletedAt: new Date() }),
  });
}
