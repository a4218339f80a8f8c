import 'server-only';
import { conflict, err, ok, type Result } from '@/lib/result';
import type { LifecycleInput, UpdateInvoiceInput } from '@/lib/schemas/invoice';
import { writeAudit, type AuditAction } from '@/server/audit';
import { db } from '@/server/db/client';
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

interface Mutation {
  action: AuditAction;
  /** A reason the current state forbids this change (a conflict or a field error), or null. */
  guard(current: InvoiceRecord): InvoiceResult | null;
  patch(current: InvoiceRecord): InvoicePatch;
  afterWrite?(scoped: ScopedInvoices): Promise<void>;
  details?(before: InvoiceRecord, after: InvoiceRecord): Record<string, unknown>;
}

/**
 * One transaction: not-found guard, state guard, version precondition (the UPDATE matches
 * `id AND org_id AND version`), the write with version + 1, the summary delta, the audit row.
 * Anything thrown rolls all of it back.
 */
async function mutate(actor: Actor, { id, version }: LifecycleInput, mutation: Mutation): Promise<InvoiceResult> {
  return (await db()).transaction(async (tx) => {
    const scoped = scopedInvoices(actor.orgId, tx);
    const before = await scoped.byId(id);
    if (!before) return err('not_found', 'Invoice not found.');
    if (before.deletedAt) return conflict('This invoice was deleted.', before);
    const blocked = mutation.guard(before);
    if (blocked) return blocked;
    if (before.version !== version) return conflict(STALE_VERSION, before);
    const written = await scoped.applyVersioned(id, version, mutation.patch(before));
    if (!written) {
      // A concurrent writer committed first: report what it left behind.
      const current = await scoped.byId(id);
      return current ? conflict(STALE_VERSION, current) : err('not_found', 'Invoice not found.');
    }
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
}

const EDITABLE = ['customerName', 'customerEmail', 'dueOn', 'status', 'totalCents'] as const;

export function updateInvoiceRecord(actor: Actor, input: UpdateInvoiceInput): Promise<InvoiceResult> {
  return mutate(actor, input, {
    action: 'invoice.update',
    guard: (current) =>
      input.dueOn < current.issuedOn
        ? err('bad_request', 'Some fields need attention.', {
            dueOn: [`The due date cannot be before the issue date (${current.issuedOn}).`],
          })
        : null,
    patch: () => ({
      customerName: input.customerName,
      customerEmail: input.customerEmail,
      dueOn: input.dueOn,
      status: input.status,
    }),
    afterWrite: async (scoped) => {
      await scoped.replaceLines(input.id, input.lines);
    },
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
