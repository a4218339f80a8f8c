import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dashboardTotals } from '@/lib/invoices/dashboard-totals';
import { isOverdue } from '@/lib/invoices/overdue';
import { localDate } from '@/lib/org-date';
import { database as appDatabase, db } from '@/server/db/client';
import { openDatabase, type Database, type Db } from '@/server/db/open';
import { customers, invoiceCounters, orgSettings } from '@/server/db/schema';
import { updateInvoiceRecord } from '@/server/invoices/lifecycle';
import { scopedInvoices } from '@/server/invoices/scoped';
import { invoiceCreate, invoicePay, invoiceSend, invoiceVoid } from '@/server/invoices/workflow';
import type { Actor } from '@/server/mutation';
import { ACME, acmeAdmin, auditRows, editOf, GLOBEX, globexAdmin, rawInvoice } from './support/fixtures';

const onPostgres = process.env.TALLY_TEST_BACKEND === 'postgres';
const SEND_TIME = new Date('2026-12-02T10:00:00Z');

// The send reads the clock itself: only Date is faked (not the timers), so a test picks the moment of sending.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Sends at `when`; `on` is the connection pool (several pools stand in for several instances). */
function sendInvoiceAt(actor: Actor, draft: { id: string; version: number }, when: Date, on?: Db) {
  vi.setSystemTime(when);
  return invoiceSend.commit(actor, draft, on);
}

async function acmeCustomerId(): Promise<string> {
  const [row] = await (await db()).select({ id: customers.id }).from(customers).where(eq(customers.orgId, ACME)).limit(1);
  if (!row) throw new Error('the seed has no Acme customer');
  return row.id;
}

async function newDraft(orgId: string = ACME, actor: Actor = acmeAdmin): Promise<{ id: string; version: number }> {
  const customerId =
    orgId === ACME
      ? await acmeCustomerId()
      : ((await (await db()).select({ id: customers.id }).from(customers).where(eq(customers.orgId, orgId)).limit(1))[0]?.id ??
        '');
  const created = await invoiceCreate.commit(actor, {
    customerId,
    issuedOn: '2026-11-20',
    terms: 'net7',
    dueOn: '2026-11-27',
    notes: '',
    lines: [
      { description: 'Work', quantity: 3, unitPrice: 10_000, taxRateBp: 2000 },
      { description: 'More', quantity: 1, unitPrice: 2_550, taxRateBp: 0 },
    ],
  });
  if (!created.ok) throw new Error(created.message);
  return { id: created.data.id, version: 1 };
}

const counter = async (orgId: string, year: number) =>
  (await (await db()).select().from(invoiceCounters).where(eq(invoiceCounters.orgId, orgId))).find((row) => row.year === year)
    ?.lastNumber ?? 0;

describe('new invoices: totals in SQL from integer cents, tax per line', () => {
  it('creates a draft with subtotal, tax (rounded half away from zero) and total, audited, without a number', async () => {
    const { id } = await newDraft();
    const row = await rawInvoice(id);
    expect(row).toMatchObject({
      status: 'draft',
      invoiceNumber: null,
      subtotalCents: 32_550,
      taxCents: 6_000,
      totalCents: 38_550,
      paidCents: 0,
    });
    expect((await auditRows(id)).map((a) => a.action)).toEqual(['invoice.create']);
  });

  it("refuses another org's customer", async () => {
    const [foreign] = await (await db()).select({ id: customers.id }).from(customers).where(eq(customers.orgId, GLOBEX)).limit(1);
    const result = await invoiceCreate.commit(acmeAdmin, {
      customerId: foreign!.id,
      issuedOn: '2026-11-20',
      terms: 'net7',
      dueOn: '2026-11-27',
      notes: '',
      lines: [{ description: 'x', quantity: 1, unitPrice: 1 }],
    });
    expect(result).toMatchObject({ ok: false, code: 'bad_request', fieldErrors: { customerId: [expect.any(String)] } });
  });
});

describe('status workflow: only allowed transitions, each audited', () => {
  it('draft -> sent (numbered) -> partial payment -> full payment -> paid; nothing else on the way', async () => {
    const draft = await newDraft();
    // A draft takes no payment and cannot be voided.
    expect(await invoicePay.commit(acmeAdmin, { ...draft, amount: 100, paidOn: '2026-11-21' })).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    expect(await invoiceVoid.commit(acmeAdmin, { ...draft, reason: 'Wrong customer' })).toMatchObject({
      ok: false,
      code: 'conflict',
    });

    const sent = await sendInvoiceAt(acmeAdmin, draft, SEND_TIME);
    if (!sent.ok) throw new Error(sent.message);
    expect(sent.data.status).toBe('sent');
    expect(sent.data.invoiceNumber).toMatch(/^INV-2026-\d{4}$/);
    // Sent: its lines and bill-to are fixed, and it cannot be sent again.
    expect(
      await updateInvoiceRecord(acmeAdmin, editOf(sent.data, { lines: [{ description: 'Changed', quantity: 1, unitPrice: 1 }] })),
    ).toMatchObject({ ok: false, code: 'conflict' });
    expect(await sendInvoiceAt(acmeAdmin, { id: draft.id, version: sent.data.version }, SEND_TIME)).toMatchObject({
      ok: false,
      code: 'conflict',
    });

    const tooMuch = await invoicePay.commit(acmeAdmin, {
      id: draft.id,
      version: sent.data.version,
      amount: 38_551,
      paidOn: '2026-12-01',
    });
    expect(tooMuch).toMatchObject({ ok: false, code: 'bad_request', fieldErrors: { amount: [expect.any(String)] } });
    const partial = await invoicePay.commit(acmeAdmin, {
      id: draft.id,
      version: sent.data.version,
      amount: 10_000,
      paidOn: '2026-12-01',
    });
    if (!partial.ok) throw new Error(partial.message);
    expect(partial.data).toMatchObject({ status: 'sent', paidCents: 10_000 });
    // With a payment on it, a sent invoice can no longer be voided.
    expect(await invoiceVoid.commit(acmeAdmin, { id: draft.id, version: partial.data.version, reason: 'Oops' })).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    const full = await invoicePay.commit(acmeAdmin, {
      id: draft.id,
      version: partial.data.version,
      amount: 28_550,
      paidOn: '2026-12-02',
    });
    if (!full.ok) throw new Error(full.message);
    expect(full.data).toMatchObject({ status: 'paid', paidCents: 38_550 });
    expect(full.data.payments.map((p) => p.amountCents)).toEqual([10_000, 28_550]);
    expect(
      await invoicePay.commit(acmeAdmin, { id: draft.id, version: full.data.version, amount: 1, paidOn: '2026-12-02' }),
    ).toMatchObject({ ok: false, code: 'conflict' });

    expect((await auditRows(draft.id)).map((a) => a.action)).toEqual([
      'invoice.create',
      'invoice.send',
      'invoice.pay',
      'invoice.pay',
    ]);
  });

  it('sent -> void keeps the reason; a void invoice goes nowhere', async () => {
    const draft = await newDraft();
    const sent = await sendInvoiceAt(acmeAdmin, draft, SEND_TIME);
    if (!sent.ok) throw new Error(sent.message);
    const voided = await invoiceVoid.commit(acmeAdmin, { id: draft.id, version: sent.data.version, reason: 'Billed twice' });
    if (!voided.ok) throw new Error(voided.message);
    expect(voided.data).toMatchObject({ status: 'void', voidReason: 'Billed twice' });
    expect(await sendInvoiceAt(acmeAdmin, { id: draft.id, version: voided.data.version }, SEND_TIME)).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    expect(
      await invoicePay.commit(acmeAdmin, { id: draft.id, version: voided.data.version, amount: 1, paidOn: '2026-12-02' }),
    ).toMatchObject({ ok: false, code: 'conflict' });
    expect((await auditRows(draft.id)).at(-1)?.details).toMatchObject({ reason: 'Billed twice' });
  });

  it("another org's invoice is not found for every step", async () => {
    const draft = await newDraft();
    expect(await sendInvoiceAt(globexAdmin, draft, SEND_TIME)).toMatchObject({ ok: false, code: 'not_found' });
    expect(await invoiceVoid.commit(globexAdmin, { ...draft, reason: 'nope' })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await invoicePay.commit(globexAdmin, { ...draft, amount: 1, paidOn: '2026-12-01' })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
  });
});

describe('gapless yearly numbers', () => {
  const pools: Database[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.close()));
  });

  it.runIf(onPostgres)(
    '50 concurrent sends over 3 connection pools: 50 distinct consecutive numbers, no gap, no duplicate',
    { timeout: 120_000 },
    async () => {
      const main = await appDatabase();
      if (main.kind !== 'postgres') throw new Error('postgres expected');
      // Two more pools on the same database stand in for two more instances.
      for (let i = 0; i < 2; i++) pools.push(await openDatabase({ url: main.url, seed: false }));
      const instances = [main.db, ...pools.map((pool) => pool.db)];
      const year = 2031;
      const when = new Date(`${year}-03-01T12:00:00Z`);
      const drafts = [];
      for (let i = 0; i < 50; i++) drafts.push(await newDraft());

      const results = await Promise.all(drafts.map((draft, i) => sendInvoiceAt(acmeAdmin, draft, when, instances[i % 3])));
      expect(results.filter((r) => !r.ok)).toEqual([]);
      const numbers = results.map((r) => (r.ok ? r.data.invoiceNumber : null)).sort();
      expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `INV-${year}-${String(i + 1).padStart(4, '0')}`));
      expect(await counter(ACME, year)).toBe(50);

      // The same draft sent from every pool at once: one wins, the losers give their number back.
      const contested = await newDraft();
      const race = await Promise.all(instances.map((instance) => sendInvoiceAt(acmeAdmin, contested, when, instance)));
      expect(race.filter((r) => r.ok)).toHaveLength(1);
      expect(race.filter((r) => !r.ok).every((r) => !r.ok && r.code === 'conflict')).toBe(true);
      expect(await counter(ACME, year)).toBe(51);
      expect((await rawInvoice(contested.id))?.invoiceNumber).toBe(`INV-${year}-0051`);
    },
  );

  it('numbers are per org and per year', async () => {
    const a = await sendInvoiceAt(acmeAdmin, await newDraft(), new Date('2032-06-01T12:00:00Z'));
    const g = await sendInvoiceAt(globexAdmin, await newDraft(GLOBEX, globexAdmin), new Date('2032-06-01T12:00:00Z'));
    const next = await sendInvoiceAt(acmeAdmin, await newDraft(), new Date('2033-01-01T12:00:00Z'));
    expect([a, g, next].map((r) => (r.ok ? r.data.invoiceNumber : r.message))).toEqual([
      'INV-2032-0001',
      'INV-2032-0001',
      'INV-2033-0001',
    ]);
  });

  it("the year is the org's local year at the moment of sending", async () => {
    await (
      await db()
    )
      .insert(orgSettings)
      .values({ orgId: GLOBEX, timeZone: 'Pacific/Auckland' })
      .onConflictDoUpdate({ target: orgSettings.orgId, set: { timeZone: 'Pacific/Auckland' } });
    // 2034-12-31 12:00 UTC is already 2035-01-01 in Auckland.
    const sent = await sendInvoiceAt(globexAdmin, await newDraft(GLOBEX, globexAdmin), new Date('2034-12-31T12:00:00Z'));
    expect(sent.ok && sent.data.invoiceNumber).toBe('INV-2035-0001');
  });
});

describe('overdue, decided at render from the org-local date (fake clock)', () => {
  const invoice = { status: 'sent', dueOn: '2026-12-01', paidCents: 0, totalCents: 100 };

  it('turns overdue at the first instant of the day after the due date, in the org zone', () => {
    expect(isOverdue(invoice, localDate('UTC', new Date('2026-12-01T23:59:59Z')))).toBe(false);
    expect(isOverdue(invoice, localDate('UTC', new Date('2026-12-02T00:00:00Z')))).toBe(true);
    // 03:00 UTC on Dec 2 is still Dec 1 in New York: not overdue there yet.
    expect(isOverdue(invoice, localDate('America/New_York', new Date('2026-12-02T03:00:00Z')))).toBe(false);
    expect(isOverdue(invoice, localDate('America/New_York', new Date('2026-12-02T05:00:00Z')))).toBe(true);
    expect(isOverdue({ ...invoice, paidCents: 100 }, '2027-01-01')).toBe(false);
    expect(isOverdue({ ...invoice, status: 'draft' }, '2027-01-01')).toBe(false);
  });

  it('the same cached dashboard buckets give a different overdue total the next morning', () => {
    const buckets = [
      { currency: 'USD', dueOn: '2026-12-01', outstandingCents: 700 },
      { currency: 'USD', dueOn: '2026-12-05', outstandingCents: 300 },
    ];
    const paid = [{ currency: 'USD', month: '2026-12', paidCents: 50 }];
    expect(dashboardTotals(buckets, paid, '2026-12-01')[0]).toMatchObject({
      outstandingCents: 1000,
      overdueCents: 0,
      paidThisMonthCents: 50,
    });
    expect(dashboardTotals(buckets, paid, '2026-12-02')[0]).toMatchObject({ outstandingCents: 1000, overdueCents: 700 });
    expect(dashboardTotals(buckets, paid, '2027-01-01')[0]).toMatchObject({ overdueCents: 1000, paidThisMonthCents: 0 });
  });

  it("the list's overdue filter takes today as an argument (part of the cache key)", async () => {
    const scoped = scopedInvoices(ACME, await db());
    const filter = {
      view: 'active',
      sort: 'newest',
      q: null,
      status: 'overdue',
      customer: null,
      from: null,
      to: null,
      min: null,
      max: null,
    } as const;
    const early = await scoped.find({ ...filter, today: '2000-01-01' }, { after: null, before: null, limit: 500 });
    const late = await scoped.find({ ...filter, today: '2100-01-01' }, { after: null, before: null, limit: 500 });
    expect(early.items).toEqual([]);
    expect(late.items.length).toBeGreaterThan(0);
    expect(late.items.every((row) => row.status === 'sent' && row.dueOn < '2100-01-01')).toBe(true);
  });
});
