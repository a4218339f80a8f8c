import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { invoiceArchive, invoiceRestore, invoiceSoftDelete, invoiceUpdate } from '@/server/invoices/lifecycle';
import { scopedInvoices } from '@/server/invoices/scoped';
import { readStoredSummary } from '@/server/invoices/summary';
import { ACME, acmeAdmin, activeInvoice, archivedInvoice, auditRows, editOf, rawInvoice } from './support/fixtures';

const live = async () => scopedInvoices(ACME, await db()).summary();
const stored = async () => readStoredSummary(await db(), ACME);

describe('invoice lifecycle (one transaction per action)', () => {
  it('updates fields and lines, bumps the version, keeps total = SQL sum of lines, audits, and moves the summary', async () => {
    const invoice = await activeInvoice(ACME, 3);
    const before = await stored();
    const result = await invoiceUpdate.commit(
      acmeAdmin,
      editOf(invoice, {
        customerName: 'Renamed Customer',
        lines: [
          { description: 'Design', quantity: 3, unitPrice: 12_345 },
          { description: 'Hosting', quantity: 1, unitPrice: 999 },
        ],
      }),
    );
    expect(result.ok).toBe(true);
    const row = await rawInvoice(invoice.id);
    expect(row).toMatchObject({ customerName: 'Renamed Customer', version: invoice.version + 1, totalCents: 3 * 12_345 + 999 });
    const audit = await auditRows(invoice.id);
    expect(audit.map((a) => a.action)).toEqual(['invoice.update']);
    expect(audit[0]?.actorId).toBe(acmeAdmin.userId);
    const after = await stored();
    expect(after.totalCents - before.totalCents).toBe(3 * 12_345 + 999 - invoice.totalCents);
    expect(after).toMatchObject(await live());
  });

  it('archives, restores and soft-deletes, moving the row between views and the summary with it', async () => {
    const invoice = await activeInvoice(ACME, 5);
    const start = await live();

    const archived = await invoiceArchive.commit(acmeAdmin, { id: invoice.id, version: invoice.version });
    expect(archived.ok).toBe(true);
    expect((await rawInvoice(invoice.id))?.archivedAt).toBeInstanceOf(Date);
    expect(await live()).toEqual({ count: start.count - 1, totalCents: start.totalCents - invoice.totalCents });

    const restored = await invoiceRestore.commit(acmeAdmin, { id: invoice.id, version: invoice.version + 1 });
    expect(restored.ok).toBe(true);
    expect((await rawInvoice(invoice.id))?.archivedAt).toBeNull();
    expect(await live()).toEqual(start);

    const deleted = await invoiceSoftDelete.commit(acmeAdmin, { id: invoice.id, version: invoice.version + 2 });
    expect(deleted.ok).toBe(true);
    expect((await rawInvoice(invoice.id))?.deletedAt).toBeInstanceOf(Date);
    expect(await live()).toEqual({ count: start.count - 1, totalCents: start.totalCents - invoice.totalCents });
    expect(await stored()).toMatchObject(await live());
    expect((await auditRows(invoice.id)).map((a) => a.action)).toEqual([
      'invoice.archive',
      'invoice.restore',
      'invoice.softDelete',
    ]);
  });

  it('refuses to archive twice or restore an active invoice, as a conflict carrying the current row', async () => {
    const archived = await archivedInvoice(ACME);
    const again = await invoiceArchive.commit(acmeAdmin, { id: archived.id, version: archived.version });
    expect(again).toMatchObject({ ok: false, code: 'conflict', current: { id: archived.id } });
    const active = await activeInvoice(ACME, 6);
    const restore = await invoiceRestore.commit(acmeAdmin, { id: active.id, version: active.version });
    expect(restore).toMatchObject({ ok: false, code: 'conflict' });
    expect(await auditRows(archived.id)).toHaveLength(0);
    expect(await auditRows(active.id)).toHaveLength(0);
  });
});
