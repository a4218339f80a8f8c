import 'server-only';
import { sql } from 'drizzle-orm';
import { localDate } from '@/lib/org-date';
import { conflict, err, ok, type Result } from '@/lib/result';
import type { LifecycleInput, NewInvoiceInput, RecordPaymentInput, VoidInvoiceInput } from '@/lib/schemas/invoice';
import { writeAudit } from '@/server/audit';
import { scopedCustomers } from '@/server/customers/scoped';
import { db } from '@/server/db/client';
import type { Db } from '@/server/db/open';
import { readOrgSettings } from '@/server/org/settings';
import { mutate, type Actor, type InvoiceResult } from './lifecycle';
import { takeInvoiceNumber } from './numbering';
import { scopedInvoices } from './scoped';
import { applySummaryDelta } from './summary';

/**
 * The status workflow, enforced here whatever the form offered: draft -> sent -> paid, and
 * sent -> void. Each step is one `mutate` transaction (version precondition, summary delta, audit row).
 */

/** A new draft: bill-to copied from the customer, currency from the org, totals summed by SQL. */
export async function createInvoiceRecord(actor: Actor, input: NewInvoiceInput): Promise<Result<{ id: string }>> {
  return (await db()).transaction(async (tx) => {
    const customer = await scopedCustomers(actor.orgId, tx).byId(input.customerId);
    if (!customer || customer.archivedAt) {
      return err('bad_request', 'Some fields need attention.', { customerId: ['Pick one of your customers.'] });
    }
    const { currency } = await readOrgSettings(tx, actor.orgId);
    // The same per-org lock as the import, so two new invoices never take the same reference.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`import:${actor.orgId}`}))`);
    const scoped = scopedInvoices(actor.orgId, tx);
    const id = await scoped.insert({
      number: (await scoped.maxNumber()) + 1,
      customerId: customer.id,
      customerName: customer.name,
      customerEmail: customer.email,
      terms: input.terms,
      issuedOn: input.issuedOn,
      dueOn: input.dueOn,
      status: 'draft',
      currency,
      notes: input.notes,
      lines: input.lines,
    });
    const created = await scoped.byId(id);
    if (!created) throw new Error(`Invoice ${id} vanished inside its own transaction.`);
    await applySummaryDelta(tx, actor.orgId, null, created);
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'invoice.create',
      subjectId: id,
      details: { customerId: customer.id, totalCents: created.totalCents, lines: created.lines.length },
    });
    return ok({ id });
  });
}

/**
 * Draft -> sent: the next gapless number of the org's current year (in its time zone) is taken here.
 * `on` picks the connection pool (the tests stand in for several instances with several pools).
 */
export async function sendInvoiceRecord(
  actor: Actor,
  input: LifecycleInput,
  now: Date = new Date(),
  on?: Db,
): Promise<InvoiceResult> {
  const { timeZone } = await readOrgSettings(on ?? (await db()), actor.orgId);
  const year = Number(localDate(timeZone, now).slice(0, 4));
  return mutate(
    actor,
    input,
    {
      action: 'invoice.send',
      guard: (current) => (current.status === 'draft' ? null : conflict(`This invoice is already ${current.status}.`, current)),
      patch: async (_current, tx) => ({
        status: 'sent',
        invoiceNumber: await takeInvoiceNumber(tx, actor.orgId, year),
        sentAt: now,
      }),
      details: (_before, after) => ({ invoiceNumber: after.invoiceNumber }),
    },
    on,
  );
}

/** A full or partial payment on a sent invoice; the one that settles it makes it paid. */
export async function recordPaymentRecord(actor: Actor, input: RecordPaymentInput): Promise<InvoiceResult> {
  return mutate(actor, input, {
    action: 'invoice.pay',
    guard: (current) => {
      if (current.status !== 'sent')
        return conflict(`Payments are recorded on sent invoices; this one is ${current.status}.`, current);
      const owed = current.totalCents - current.paidCents;
      if (input.amount > owed)
        return err('bad_request', 'Some fields need attention.', { amount: ['That is more than is owed on this invoice.'] });
      if (input.paidOn < current.issuedOn) {
        return err('bad_request', 'Some fields need attention.', {
          paidOn: [`The payment cannot predate the invoice (${current.issuedOn}).`],
        });
      }
      return null;
    },
    patch: (current) => (input.amount === current.totalCents - current.paidCents ? { status: 'paid' } : {}),
    afterWrite: async (scoped) => {
      await scoped.addPayment(input.id, { amountCents: input.amount, paidOn: input.paidOn, recordedBy: actor.userId });
    },
    details: (_before, after) => ({ amountCents: input.amount, paidOn: input.paidOn, status: after.status }),
  });
}

/** Sent -> void, with the reason kept. An invoice with payments on it cannot be voided. */
export async function voidInvoiceRecord(actor: Actor, input: VoidInvoiceInput): Promise<InvoiceResult> {
  return mutate(actor, input, {
    action: 'invoice.void',
    guard: (current) => {
      if (current.status !== 'sent')
        return conflict(`Only a sent invoice can be voided; this one is ${current.status}.`, current);
      return current.paidCents > 0 ? conflict('This invoice has payments recorded; it cannot be voided.', current) : null;
    },
    patch: () => ({ status: 'void', voidReason: input.reason }),
    details: () => ({ reason: input.reason }),
  });
}
