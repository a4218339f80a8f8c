import 'server-only';
import { localDate } from '@/lib/org-date';
import { conflict, err, ok } from '@/lib/result';
import { newInvoiceInput, recordPaymentInput, sendInvoiceInput, voidInvoiceInput } from '@/lib/schemas/invoice';
import { scopedCustomers } from '@/server/customers/scoped';
import { defineMutation } from '@/server/mutation';
import { readOrgSettings } from '@/server/org/settings';
import { invoiceMutation } from './lifecycle';
import { lockInvoiceNumbers, takeInvoiceNumber } from './numbering';
import { INVOICE_WRITE_ROLE } from './policy';
import { scopedInvoices } from './scoped';
import { applySummaryDelta } from './summary';

/**
 * The status workflow, enforced here whatever the form offered: draft -> sent -> paid, and
 * sent -> void. Each step is one invoice mutation (version precondition, summary delta, audit row).
 */

/**
 * A new draft, or a duplicate (the page prefills the form from the original): bill-to copied from the
 * customer, currency from the org, totals summed by SQL.
 */
export const invoiceCreate = defineMutation('invoice.create', {
  access: INVOICE_WRITE_ROLE,
  input: newInvoiceInput,
  async run(tx, input, actor) {
    const customer = await scopedCustomers(actor.orgId, tx).byId(input.customerId);
    if (!customer || customer.archivedAt) {
      return err('bad_request', 'Some fields need attention.', { customerId: ['Pick one of your customers.'] });
    }
    const { currency } = await readOrgSettings(tx, actor.orgId);
    await lockInvoiceNumbers(tx, actor.orgId);
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
    return ok({
      data: { id },
      event: { orgId: actor.orgId, invoiceId: id },
      audit: {
        subjectId: id,
        details: { customerId: customer.id, totalCents: created.totalCents, lines: created.lines.length },
      },
    });
  },
  redirectTo: (_input, _actor, { id }) => `/invoices/${id}`,
});

/**
 * Draft -> sent: the next gapless number of the org's current year (in its time zone) is taken inside
 * the transaction, so a send that loses the version race gives it back.
 */
export const invoiceSend = invoiceMutation('invoice.send', sendInvoiceInput, (_input, actor) => ({
  guard: (current) => (current.status === 'draft' ? null : conflict(`This invoice is already ${current.status}.`, current)),
  patch: async (_current, tx) => {
    const now = new Date();
    const { timeZone } = await readOrgSettings(tx, actor.orgId);
    const year = Number(localDate(timeZone, now).slice(0, 4));
    return { status: 'sent', invoiceNumber: await takeInvoiceNumber(tx, actor.orgId, year), sentAt: now };
  },
  details: (_before, after) => ({ invoiceNumber: after.invoiceNumber }),
}));

/** A full or partial payment on a sent invoice; the one that settles it makes it paid. */
export const invoicePay = invoiceMutation('invoice.pay', recordPaymentInput, (input, actor) => ({
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
}));

/** Sent -> void, with the reason kept. An invoice with payments on it cannot be voided. */
export const invoiceVoid = invoiceMutation('invoice.void', voidInvoiceInput, (input) => ({
  guard: (current) => {
    if (current.status !== 'sent') return conflict(`Only a sent invoice can be voided; this one is ${current.status}.`, current);
    return current.paidCents > 0 ? conflict('This invoice has payments recorded; it cannot be voided.', current) : null;
  },
  patch: () => ({ status: 'void', voidReason: input.reason }),
  details: () => ({ reason: input.reason }),
}));
