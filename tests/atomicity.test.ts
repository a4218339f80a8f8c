import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { invoiceArchive, invoiceUpdate } from '@/server/invoices/lifecycle';
import { readStoredSummary } from '@/server/invoices/summary';
import { ACME, acmeAdmin, activeInvoice, auditCount, auditRows, editOf, rawInvoice, rawLines } from './support/fixtures';

const stored = async () => readStoredSummary(await db(), ACME);
/** A user id with no `user` row: the audit insert (last statement of the transaction) fails its actor FK. */
const ghost = { userId: 'usr_does_not_exist', orgId: ACME };

describe('the audit row commits with the write, or nothing does', () => {
  it('an update whose audit insert fails rolls back the row, its lines, the total and the summary', async () => {
    const invoice = await activeInvoice(ACME, 1);
    const before = await rawInvoice(invoice.id);
    const linesBefore = await rawLines(invoice.id);
    const storedBefore = await stored();
    const audits = await auditCount();

    const newLines = [{ description: 'Never saved', quantity: 7, unitPrice: 123_456 }];
    await expect(invoiceUpdate.commit(ghost, editOf(invoice, { customerName: 'Never Saved', lines: newLines }))).rejects.toThrow(
      /audit_log/,
    );

    const after = await rawInvoice(invoice.id);
    expect(after).toEqual(before);
    expect(after).toMatchObject({ version: invoice.version, totalCents: invoice.totalCents, customerName: invoice.customerName });
    expect(await rawLines(invoice.id)).toEqual(linesBefore);
    expect(await auditRows(invoice.id)).toHaveLength(0);
    expect(await auditCount()).toBe(audits);
    expect(await stored()).toEqual(storedBefore);

    // The same edit by a real user goes through, so the failure above was the audit FK and nothing else.
    const ok = await invoiceUpdate.commit(acmeAdmin, editOf(invoice, { customerName: 'Now Saved', lines: newLines }));
    expect(ok.ok).toBe(true);
    expect(await rawInvoice(invoice.id)).toMatchObject({ version: invoice.version + 1, totalCents: 7 * 123_456 });
    expect(await auditRows(invoice.id)).toHaveLength(1);
  });

  it('an archive whose audit insert fails leaves the invoice active and the stored count untouched', async () => {
    const invoice = await activeInvoice(ACME, 4);
    const before = await rawInvoice(invoice.id);
    const storedBefore = await stored();

    await expect(invoiceArchive.commit(ghost, { id: invoice.id, version: invoice.version })).rejects.toThrow(/audit_log/);

    expect(await rawInvoice(invoice.id)).toEqual(before);
    expect((await rawInvoice(invoice.id))?.archivedAt).toBeNull();
    expect(await auditRows(invoice.id)).toHaveLength(0);
    expect(await stored()).toEqual(storedBefore);
  });
});
