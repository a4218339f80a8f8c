import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { invoiceArchive, invoiceUpdate, updateInvoiceRecord, type InvoiceResult } from '@/server/invoices/lifecycle';
import { scopedInvoices } from '@/server/invoices/scoped';
import { readStoredSummary } from '@/server/invoices/summary';
import { ACME, acmeAdmin, activeInvoice, auditRows, editOf, rawInvoice, rawLines } from './support/fixtures';

const live = async () => scopedInvoices(ACME, await db()).summary();
const stored = async () => readStoredSummary(await db(), ACME);
// usr_pat is an admin of Acme too: a second, distinguishable writer.
const patInAcme = { userId: 'usr_pat', orgId: ACME };

function split(results: InvoiceResult[]) {
  const winners = results.flatMap((r, i) => (r.ok ? [{ result: r, index: i }] : []));
  const losers = results.flatMap((r, i) => (!r.ok ? [{ result: r, index: i }] : []));
  return { winners, losers };
}

describe('optimistic concurrency (version precondition)', () => {
  it.each([0, 1, 2])('two concurrent edits from the same loaded version: exactly one wins (round %i)', async (round) => {
    const invoice = await activeInvoice(ACME, 2 + round * 3);
    const storedBefore = await stored();
    const edits = [
      editOf(invoice, {
        customerName: `Writer A ${round}`,
        lines: [{ description: 'A work', quantity: 2, unitPrice: 10_000 + round }],
      }),
      editOf(invoice, {
        customerName: `Writer B ${round}`,
        lines: [
          { description: 'B work', quantity: 1, unitPrice: 777 },
          { description: 'B more', quantity: 3, unitPrice: 1_111 },
        ],
      }),
    ];
    const actors = [acmeAdmin, patInAcme];

    const results = await Promise.all(edits.map((edit, i) => invoiceUpdate.commit(actors[i]!, edit)));

    const { winners, losers } = split(results);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const winner = winners[0]!;
    const loser = losers[0]!.result;
    if (!winner.result.ok) throw new Error('unreachable');
    const won = edits[winner.index]!;

    // The loser is told about the winner's row, at version + 1.
    expect(loser).toMatchObject({ ok: false, code: 'conflict' });
    if (loser.ok || loser.code !== 'conflict') throw new Error('expected a conflict');
    expect(loser.current.version).toBe(invoice.version + 1);
    expect(loser.current).toEqual(winner.result.data);

    // The database holds exactly the winner's values.
    const row = await rawInvoice(invoice.id);
    const expectedTotal = won.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
    expect(row).toMatchObject({ customerName: won.customerName, version: invoice.version + 1, totalCents: expectedTotal });
    const lines = await rawLines(invoice.id);
    expect(lines.map((l) => ({ description: l.description, quantity: l.quantity, unitPrice: l.unitPriceCents }))).toEqual(
      won.lines,
    );

    // One audit row, by the winner.
    const audit = await auditRows(invoice.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'invoice.update', actorId: actors[winner.index]!.userId });

    // The stored summary moved once, by the winner's delta, and equals the live aggregate.
    const storedAfter = await stored();
    expect(storedAfter.totalCents - storedBefore.totalCents).toBe(expectedTotal - invoice.totalCents);
    expect(storedAfter.count).toBe(storedBefore.count);
    expect({ count: storedAfter.count, totalCents: storedAfter.totalCents }).toEqual(await live());
  });

  it('an archive racing an edit: one wins, the summary counts the winner only', async () => {
    const invoice = await activeInvoice(ACME, 12);
    const storedBefore = await stored();
    const [edit, archive] = await Promise.all([
      invoiceUpdate.commit(acmeAdmin, editOf(invoice, { lines: [{ description: 'Race', quantity: 1, unitPrice: 5_000_00 }] })),
      invoiceArchive.commit(patInAcme, { id: invoice.id, version: invoice.version }),
    ]);
    expect([edit.ok, archive.ok].filter(Boolean)).toHaveLength(1);
    const row = await rawInvoice(invoice.id);
    expect(row?.version).toBe(invoice.version + 1);
    expect(await auditRows(invoice.id)).toHaveLength(1);
    if (archive.ok) {
      expect(row?.archivedAt).toBeInstanceOf(Date);
      expect(row?.totalCents).toBe(invoice.totalCents);
    } else {
      expect(row?.archivedAt).toBeNull();
      expect(row?.totalCents).toBe(5_000_00);
      expect(archive).toMatchObject({ code: 'conflict', current: { version: invoice.version + 1 } });
    }
    const storedAfter = await stored();
    expect({ count: storedAfter.count, totalCents: storedAfter.totalCents }).toEqual(await live());
    expect(storedAfter).not.toEqual(storedBefore);
  });

  it('a stale version (version - 1 after an edit) gets a conflict and writes nothing', async () => {
    const invoice = await activeInvoice(ACME, 14);
    const first = await updateInvoiceRecord(acmeAdmin, editOf(invoice, { customerName: 'First Edit' }));
    expect(first.ok).toBe(true);
    const afterFirst = await rawInvoice(invoice.id);
    const linesAfterFirst = await rawLines(invoice.id);
    const storedAfterFirst = await stored();
    expect(afterFirst?.version).toBe(invoice.version + 1);

    const stale = await invoiceUpdate.commit(
      acmeAdmin,
      editOf(invoice, { customerName: 'Stale Edit', lines: [{ description: 'Stale', quantity: 9, unitPrice: 99_999 }] }),
    );

    expect(stale).toMatchObject({
      ok: false,
      code: 'conflict',
      current: { id: invoice.id, version: invoice.version + 1, customerName: 'First Edit' },
    });
    expect(await rawInvoice(invoice.id)).toEqual(afterFirst);
    expect(await rawLines(invoice.id)).toEqual(linesAfterFirst);
    expect((await auditRows(invoice.id)).map((a) => a.action)).toEqual(['invoice.update']);
    expect(await stored()).toEqual(storedAfterFirst);
  });
});
