import 'server-only';
import { conflict, err, ok, type Result } from '@/lib/result';
import { lifecycleInput, updateInvoiceInput, type LifecycleInput } from '@/lib/schemas/invoice';
import type { Tx } from '@/server/db/open';
import { defineMutation, type Actor, type Written } from '@/server/mutation';
import { scopedInvoices, type InvoicePatch, type InvoiceRecord, type ScopedInvoices } from './scoped';
import { applySummaryDelta } from './summary';

/** A conflict carries the invoice as it is now, so the user can compare and decide. */
export type InvoiceResult = Result<InvoiceRecord, InvoiceRecord>;

export const STALE_VERSION = 'Someone else changed this invoice after you opened it.';

interface Change {
  /** A reason the current state forbids this change (a conflict or a field error), or null. */
  guard(current: InvoiceRecord): InvoiceResult | null;
  patch(current: InvoiceRecord): InvoicePatch;
  afterWrite?(scoped: ScopedInvoices): Promise<void>;
  details?(before: InvoiceRecord, after: InvoiceRecord): Record<string, unknown>;
}

/**
 * Inside the mutation's transaction: not-found guard, state guard, version precondition (the UPDATE
 * matches `id AND org_id AND version`), the write with version + 1, the summary delta. The pipeline
 * adds the audit row; anything thrown rolls all of it back.
 */
async function change(
  tx: Tx,
  actor: Actor,
  { id, version }: LifecycleInput,
  mutation: Change,
): Promise<Result<Written<InvoiceRecord>, InvoiceRecord>> {
  const scoped = scopedInvoices(actor.orgId, tx);
  const before = await scoped.byId(id);
  if (!before) return err('not_found', 'Invoice not found.');
  if (before.deletedAt) return conflict('This invoice was deleted.', before);
  const blocked = mutation.guard(before);
  if (blocked) return blocked as Result<never, InvoiceRecord>;
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
  return ok({
    data: after,
    event: { orgId: actor.orgId, invoiceId: id },
    audit: { subjectId: id, details: { version: after.version, ...mutation.details?.(before, after) } },
  });
}

/** Back to the page the form was on; no revalidatePath: /invoices is one URL for every org (decision 005). */
const returnTo = (input: { returnTo?: string }) => input.returnTo ?? '/invoices';

const EDITABLE = ['customerName', 'customerEmail', 'dueOn', 'status', 'totalCents'] as const;

export const invoiceUpdate = defineMutation('invoice.update', {
  access: 'admin',
  input: updateInvoiceInput,
  redirectTo: returnTo,
  run: (tx, input, actor) =>
    change(tx, actor, input, {
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
    }),
});

export const invoiceArchive = defineMutation('invoice.archive', {
  access: 'admin',
  input: lifecycleInput,
  redirectTo: returnTo,
  run: (tx, input, actor) =>
    change(tx, actor, input, {
      guard: (current) => (current.archivedAt ? conflict('This invoice is already archived.', current) : null),
      patch: () => ({ archivedAt: new Date() }),
    }),
});

export const invoiceRestore = defineMutation('invoice.restore', {
  access: 'admin',
  input: lifecycleInput,
  redirectTo: returnTo,
  run: (tx, input, actor) =>
    change(tx, actor, input, {
      guard: (current) => (current.archivedAt ? null : conflict('This invoice is not archived.', current)),
      patch: () => ({ archivedAt: null }),
    }),
});

export const invoiceSoftDelete = defineMutation('invoice.softDelete', {
  access: 'admin',
  input: lifecycleInput,
  redirectTo: returnTo,
  run: (tx, input, actor) => change(tx, actor, input, { guard: () => null, patch: () => ({ deletedAt: new Date() }) }),
});
