import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { commentCursor, encodeCursor as encodeCommentCursor } from '@/lib/schemas/comment';
import type { InvoiceSort, InvoiceView } from '@/lib/schemas/invoice';
import { scopedComments } from '@/server/comments/scoped';
import { isDuplicateName, scopedCustomers } from '@/server/customers/scoped';
import { db } from '@/server/db/client';
import { customers, invoiceComments, invoicePayments } from '@/server/db/schema';
import { decodeCursor, encodeCursor, isActive, scopedInvoices, type FindFilter } from '@/server/invoices/scoped';
import { ACME, rawInvoice, rawLines, rawOrgInvoices, rawRows } from './support/fixtures';

/**
 * What the scoped modules answer inside their own org, checked against the raw tables: filters,
 * sorts and cursors of the invoice list, totals and payments summed in SQL, comment pages in both
 * directions, customers by name. (The tenancy tests check that another org gets nothing.)
 */
const TODAY = '2026-12-02';
type Row = Awaited<ReturnType<typeof rawOrgInvoices>>[number];
type Filter = FindFilter & { view: InvoiceView };
const filterOf = (changes: Partial<Filter> = {}): Filter => ({
  view: 'all',
  sort: 'newest',
  q: null,
  status: null,
  customer: null,
  from: null,
  to: null,
  min: null,
  max: null,
  today: TODAY,
  ...changes,
});
const invoicesOf = async () => scopedInvoices(ACME, await db());
const live = (row: Row) => !row.archivedAt && !row.deletedAt;

/** The filter applied to raw rows in JavaScript: the oracle for find(). */
function oracle(rows: Row[], filter: Filter): number[] {
  const inView = (row: Row) =>
    filter.view === 'all' ? true : filter.view === 'active' ? live(row) : !!row.archivedAt && !row.deletedAt;
  const text = (row: Row) => `${row.invoiceNumber ?? ''} ${row.customerName} ${row.notes}`.toLowerCase();
  const matches = (row: Row) =>
    inView(row) &&
    (!filter.q || text(row).includes(filter.q)) &&
    (filter.status === null ||
      (filter.status === 'overdue' ? row.status === 'sent' && row.dueOn < filter.today : row.status === filter.status)) &&
    (!filter.customer || row.customerId === filter.customer) &&
    (!filter.from || row.issuedOn >= filter.from) &&
    (!filter.to || row.issuedOn <= filter.to) &&
    (filter.min === null || row.totalCents >= filter.min) &&
    (filter.max === null || row.totalCents <= filter.max);
  const order: Record<InvoiceSort, (a: Row, b: Row) => number> = {
    newest: (a, b) => b.number - a.number,
    oldest: (a, b) => a.number - b.number,
    due: (a, b) => a.dueOn.localeCompare(b.dueOn) || a.number - b.number,
    amount: (a, b) => b.totalCents - a.totalCents || b.number - a.number,
  };
  return rows
    .filter(matches)
    .sort(order[filter.sort])
    .map((row) => row.number);
}

/** Every page of a filter, forwards by `after`, then backwards from the last page by `before`. */
async function walk(filter: Filter, limit: number) {
  const scoped = await invoicesOf();
  const forward: number[][] = [];
  let page = await scoped.find(filter, { after: null, before: null, limit });
  expect(page.prevCursor).toBeNull();
  forward.push(page.items.map((item) => item.number));
  while (page.nextCursor) {
    page = await scoped.find(filter, { after: page.nextCursor, before: null, limit });
    expect(page.prevCursor).not.toBeNull();
    forward.push(page.items.map((item) => item.number));
  }
  const backward: number[][] = [page.items.map((item) => item.number)];
  while (page.prevCursor) {
    page = await scoped.find(filter, { after: null, before: page.prevCursor, limit });
    expect(page.nextCursor).not.toBeNull();
    backward.unshift(page.items.map((item) => item.number));
  }
  return { forward, backward };
}

let rows: Row[];
beforeAll(async () => {
  // A row whose text holds LIKE's wildcards and escape, so searching for them finds exactly it.
  await (
    await invoicesOf()
  ).insert({
    number: 960_000,
    customerName: 'Wildcard Buyer',
    customerEmail: 'wild@acme.test',
    notes: '50% off_now \\ thanks',
    terms: 'net30',
    issuedOn: '2026-02-01',
    dueOn: '2026-03-03',
    status: 'draft',
    lines: [],
  });
  rows = await rawOrgInvoices(ACME);
});

describe('invoice list cursors', () => {
  it('an invoice is active unless archived or deleted', () => {
    const at = '2026-01-01T00:00:00.000Z';
    expect(isActive({ archivedAt: null, deletedAt: null })).toBe(true);
    expect(isActive({ archivedAt: at, deletedAt: null })).toBe(false);
    expect(isActive({ archivedAt: null, deletedAt: at })).toBe(false);
  });

  it.each([
    [{ key: 12 }, '12'],
    [{ key: '2026-01-31', tiebreak: 7 }, '2026-01-31~7'],
    [{ key: 5000, tiebreak: 9 }, '5000~9'],
  ])('encodes %j as %j', (position, text) => {
    expect(encodeCursor(position)).toBe(text);
  });

  it.each([
    ['12', 'newest', { key: 12 }],
    ['12', 'oldest', { key: 12 }],
    ['12~3', 'newest', null],
    ['2026-01-31~7', 'due', { key: '2026-01-31', tiebreak: 7 }],
    ['5000~9', 'amount', { key: 5000, tiebreak: 9 }],
    ['2026-01-31~7', 'amount', null],
    ['5000~9', 'due', null],
    ['12', 'due', null],
    ['12', 'amount', null],
    ['x2026-01-31~7', 'due', null],
    ['2026-01-31x~7', 'due', null],
  ] as const)('reads %j for sort %s as %j', (text, sort, position) => {
    expect(decodeCursor(text, sort)).toEqual(position);
  });
});

describe('invoice find(): filters and sorts against the raw rows', () => {
  it('has rows of every kind to filter (the fixture is rich enough)', () => {
    expect(rows.length).toBeGreaterThan(20);
    expect(new Set(rows.map((row) => row.status)).size).toBeGreaterThan(1);
    expect(rows.some((row) => row.archivedAt)).toBe(true);
    expect(rows.some((row) => row.deletedAt)).toBe(true);
  });

  const sample = () => rows.find((row) => row.status === 'sent' && row.customerId && live(row))!;
  const cases: [string, () => Partial<Filter>][] = [
    ['every view and sort: newest', () => ({})],
    ['oldest', () => ({ sort: 'oldest' })],
    ['due', () => ({ sort: 'due' })],
    ['amount', () => ({ sort: 'amount' })],
    ['active', () => ({ view: 'active' })],
    ['archived', () => ({ view: 'archived', sort: 'due' })],
    ['a customer name', () => ({ q: sample().customerName.slice(0, 4).toLowerCase(), sort: 'amount' })],
    ['an invoice number', () => ({ q: (rows.find((row) => row.invoiceNumber)?.invoiceNumber ?? '').toLowerCase() })],
    ['LIKE wildcards as text', () => ({ q: '%' })],
    ['an underscore as text', () => ({ q: '_' })],
    ['a backslash as text', () => ({ q: '\\' })],
    ['overdue', () => ({ status: 'overdue', sort: 'due' })],
    ['a status', () => ({ status: 'draft' })],
    ['sent', () => ({ status: 'sent', view: 'active' })],
    ['a customer', () => ({ customer: sample().customerId })],
    ['an issue date range', () => ({ from: sample().issuedOn, to: sample().issuedOn })],
    ['from only', () => ({ from: sample().issuedOn, sort: 'oldest' })],
    ['to only', () => ({ to: sample().issuedOn })],
    ['an amount range', () => ({ min: sample().totalCents, max: sample().totalCents * 2, sort: 'amount' })],
    ['min only', () => ({ min: sample().totalCents })],
    ['max only', () => ({ max: sample().totalCents })],
    ['max zero', () => ({ max: 0 })],
  ];

  it.each(cases)('%s: every page forwards and backwards', async (_label, changes) => {
    const filter = filterOf(changes());
    const expected = oracle(rows, filter);
    const { forward, backward } = await walk(filter, 7);
    expect(forward.flat()).toEqual(expected);
    expect(backward).toEqual(forward);
    expect(forward.slice(0, -1).every((page) => page.length === 7)).toBe(true);
  });

  it('the filtered streams and the first-page SQL agree with the oracle', async () => {
    const filter = filterOf({ view: 'active', sort: 'due' });
    const batches: number[][] = [];
    for await (const batch of (await invoicesOf()).stream(filter, 9)) batches.push(batch.map((row) => row.number));
    expect(batches.flat()).toEqual(oracle(rows, filter));
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.slice(0, -1).every((batch) => batch.length === 9)).toBe(true);
    const nothing: unknown[] = [];
    for await (const batch of (await invoicesOf()).stream(filterOf({ q: 'no such text' }), 9)) nothing.push(batch);
    expect(nothing).toEqual([]);
  });

  it.each([
    ['newest', () => filterOf(), '0', '99999999'],
    ['drafts', () => filterOf({ status: 'draft' }), '0', '99999999'],
    ['amount', () => filterOf({ view: 'active', sort: 'amount' }), '-1~0', '99999999999~99999999'],
  ])(
    '%s: a read from beyond either end is the last or first page, with nothing beyond it',
    async (_label, make, pastEnd, beforeStart) => {
      const filter = make();
      const expected = oracle(rows, filter);
      const scoped = await invoicesOf();
      const last = await scoped.find(filter, { after: null, before: pastEnd, limit: 4 });
      expect(last.items.map((row) => row.number)).toEqual(expected.slice(-4));
      expect(last.nextCursor).toBeNull();
      expect(last.prevCursor).not.toBeNull();
      const first = await scoped.find(filter, { after: beforeStart, before: null, limit: 4 });
      expect(first.items.map((row) => row.number)).toEqual(expected.slice(0, 4));
      expect(first.prevCursor).toBeNull();
    },
  );

  it('a filtered page at either end links nowhere, though rows the filter leaves out lie beyond it', async () => {
    const filter = filterOf({ status: 'sent' });
    const expected = oracle(rows, filter);
    const numbers = rows.map((row) => row.number);
    // The fixture has unsent invoices both newer than the newest sent one and older than the oldest.
    expect(numbers.some((number) => number > expected[0]!)).toBe(true);
    expect(numbers.some((number) => number < expected.at(-1)!)).toBe(true);
    const scoped = await invoicesOf();
    const first = await scoped.find(filter, { after: '99999999', before: null, limit: 4 });
    expect(first.items.map((row) => row.number)).toEqual(expected.slice(0, 4));
    expect(first.prevCursor).toBeNull();
    const last = await scoped.find(filter, { after: null, before: '0', limit: 4 });
    expect(last.items.map((row) => row.number)).toEqual(expected.slice(-4));
    expect(last.nextCursor).toBeNull();
  });

  it('a cursor that does not fit the sort reads the first page', async () => {
    const scoped = await invoicesOf();
    const first = await scoped.find(filterOf({ sort: 'due' }), { after: null, before: null, limit: 5 });
    expect(await scoped.find(filterOf({ sort: 'due' }), { after: '17', before: null, limit: 5 })).toEqual(first);
  });

  it('the numbered views page by number cursors', async () => {
    const scoped = await invoicesOf();
    for (const view of ['active', 'archived', 'all'] as const) {
      const expected = oracle(rows, filterOf({ view }));
      const first = await scoped.view(view).page({ limit: 3 });
      expect(first.items.map((row) => row.number)).toEqual(expected.slice(0, 3));
      expect(first.prevCursor).toBeNull();
      expect(first.nextCursor).toBe(expected[2]);
      const second = await scoped.view(view).page({ after: first.nextCursor!, limit: 3 });
      expect(second.items.map((row) => row.number)).toEqual(expected.slice(3, 6));
      expect(second.prevCursor).toBe(expected[3]);
      const back = await scoped.view(view).page({ before: second.prevCursor!, limit: 3 });
      expect(back.items.map((row) => row.number)).toEqual(expected.slice(0, 3));
    }
    // Back from the third page is the second page, not the first: `before` is really applied.
    const expected = oracle(rows, filterOf());
    const second = await scoped.all().page({ after: expected[2], limit: 3 });
    const third = await scoped.all().page({ after: second.nextCursor!, limit: 3 });
    expect(third.items.map((row) => row.number)).toEqual(expected.slice(6, 9));
    const backToSecond = await scoped.all().page({ before: third.prevCursor!, limit: 3 });
    expect(backToSecond).toEqual(second);
    expect(scoped.active).toBeTypeOf('function');
    expect((await scoped.active().page({ limit: 500 })).items.map((r) => r.number)).toEqual(
      oracle(rows, filterOf({ view: 'active' })),
    );
    expect((await scoped.archived().page({ limit: 500 })).items.map((r) => r.number)).toEqual(
      oracle(rows, filterOf({ view: 'archived' })),
    );
    expect((await scoped.all().page({ limit: 500 })).items.map((r) => r.number)).toEqual(oracle(rows, filterOf()));
  });

  it('a listed row carries every field of the record, dates as ISO strings', async () => {
    const toListed = (raw: Row) => ({
      id: raw.id,
      number: raw.number,
      customerName: raw.customerName,
      customerEmail: raw.customerEmail,
      customerId: raw.customerId,
      invoiceNumber: raw.invoiceNumber,
      subtotalCents: raw.subtotalCents,
      taxCents: raw.taxCents,
      paidCents: raw.paidCents,
      notes: raw.notes,
      sentAt: raw.sentAt?.toISOString() ?? null,
      voidReason: raw.voidReason,
      terms: raw.terms,
      issuedOn: raw.issuedOn,
      dueOn: raw.dueOn,
      status: raw.status,
      currency: raw.currency,
      totalCents: raw.totalCents,
      version: raw.version,
      archivedAt: raw.archivedAt?.toISOString() ?? null,
      deletedAt: raw.deletedAt?.toISOString() ?? null,
      updatedAt: raw.updatedAt.toISOString(),
    });
    // Rows with and without each optional date, so every conversion is seen both ways.
    for (const column of ['sentAt', 'archivedAt', 'deletedAt'] as const) {
      expect(
        rows.some((row) => row[column]),
        column,
      ).toBe(true);
      expect(
        rows.some((row) => !row[column]),
        column,
      ).toBe(true);
    }
    const listed = (await (await invoicesOf()).find(filterOf(), { after: null, before: null, limit: 1000 })).items;
    expect(listed).toEqual([...rows].sort((a, b) => b.number - a.number).map(toListed));
    const deleted = rows.find((row) => row.deletedAt)!;
    expect(await (await invoicesOf()).byId(deleted.id)).toMatchObject(toListed(deleted));
  });

  it("the first page's SQL (for EXPLAIN) selects what find() lists first", async () => {
    for (const sort of ['newest', 'due', 'amount'] as const) {
      const filter = filterOf({ view: 'active', sort });
      const selected = await rawRows<{ number: number }>((await invoicesOf()).findSql(filter, 5));
      expect(
        selected.map((row) => Number(row.number)),
        sort,
      ).toEqual(oracle(rows, filter).slice(0, 5));
    }
  });
});

describe('invoice writes and sums', () => {
  let id: string;
  beforeAll(async () => {
    id = await (
      await invoicesOf()
    ).insert({
      number: 950_000,
      customerName: 'Edge Buyer',
      customerEmail: 'edge@acme.test',
      terms: 'net30',
      issuedOn: '2026-02-01',
      dueOn: '2026-03-03',
      status: 'sent',
      currency: 'EUR',
      lines: [
        { description: 'First', quantity: 2, unitPrice: 1050, taxRateBp: 2000 },
        { description: 'Second', quantity: 3, unitPrice: 333 },
      ],
    });
  });

  it('inserts lines in order with their tax rate (0 when unset) and totals them in SQL', async () => {
    const lines = await rawLines(id);
    expect(lines.map((line) => [line.position, line.description, line.quantity, line.unitPriceCents, line.taxRateBp])).toEqual([
      [1, 'First', 2, 1050, 2000],
      [2, 'Second', 3, 333, 0],
    ]);
    const row = await rawInvoice(id);
    expect([row?.subtotalCents, row?.taxCents, row?.totalCents, row?.orgId]).toEqual([3099, 420, 3519, ACME]);
    const record = await (await invoicesOf()).byId(id);
    expect(record?.lines.map((line) => [line.position, line.amountCents, line.taxCents])).toEqual([
      [1, 2100, 420],
      [2, 999, 0],
    ]);
    expect(await (await invoicesOf()).maxNumber()).toBe(960_000);
  });

  it('replaces lines and totals again; no lines total zero', async () => {
    expect(
      await (await invoicesOf()).replaceLines(id, [{ description: 'Only', quantity: 1, unitPrice: 500, taxRateBp: 1000 }]),
    ).toBe(true);
    expect((await rawLines(id)).map((line) => [line.position, line.description])).toEqual([[1, 'Only']]);
    expect((await rawInvoice(id))?.totalCents).toBe(550);
    expect(await (await invoicesOf()).replaceLines(id, [])).toBe(true);
    expect(await rawLines(id)).toEqual([]);
    expect([(await rawInvoice(id))?.subtotalCents, (await rawInvoice(id))?.totalCents]).toEqual([0, 0]);
    await (await invoicesOf()).replaceLines(id, [{ description: 'Back', quantity: 10, unitPrice: 1000 }]);
  });

  it('records payments in the invoice currency, sums them into paid, and lists them oldest first', async () => {
    const scoped = await invoicesOf();
    expect(await scoped.addPayment(id, { amountCents: 3000, paidOn: '2026-03-02', recordedBy: 'usr_admin_acme' })).toBe(true);
    expect(await scoped.addPayment(id, { amountCents: 1000, paidOn: '2026-02-10', recordedBy: 'usr_admin_acme' })).toBe(true);
    expect((await rawInvoice(id))?.paidCents).toBe(4000);
    const payments = await (await db()).select().from(invoicePayments).where(eq(invoicePayments.invoiceId, id));
    expect(payments.map((payment) => payment.currency)).toEqual(['EUR', 'EUR']);
    expect((await scoped.byId(id))?.payments.map((payment) => [payment.paidOn, payment.amountCents])).toEqual([
      ['2026-02-10', 1000],
      ['2026-03-02', 3000],
    ]);
    expect(await scoped.addPayment(randomUUID(), { amountCents: 1, paidOn: '2026-03-02', recordedBy: 'usr_admin_acme' })).toBe(
      false,
    );
  });

  it('sums outstanding per currency and due date over active sent invoices, optionally for one customer', async () => {
    const fresh = await rawOrgInvoices(ACME);
    const expected = new Map<string, number>();
    for (const row of fresh.filter((r) => live(r) && r.status === 'sent')) {
      const key = `${row.currency} ${row.dueOn}`;
      expected.set(key, (expected.get(key) ?? 0) + row.totalCents - row.paidCents);
    }
    const buckets = await (await invoicesOf()).outstanding();
    expect(buckets.map((b) => [`${b.currency} ${b.dueOn}`, b.outstandingCents])).toEqual(
      [...expected.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    const customerId = fresh.find((r) => r.customerId && live(r) && r.status === 'sent')!.customerId!;
    const forCustomer = await (await invoicesOf()).outstanding(customerId);
    const owed = fresh
      .filter((r) => live(r) && r.status === 'sent' && r.customerId === customerId)
      .reduce((sum, r) => sum + r.totalCents - r.paidCents, 0);
    expect(forCustomer.reduce((sum, b) => sum + b.outstandingCents, 0)).toBe(owed);
    expect(typeof forCustomer[0]?.outstandingCents).toBe('number');
  });

  it('sums payments per currency and month from a date on', async () => {
    const months = await (await invoicesOf()).paidByMonth('2026-02-10');
    expect(months).toContainEqual({ currency: 'EUR', month: '2026-03', paidCents: 3000 });
    const all = await (await db()).select().from(invoicePayments).where(eq(invoicePayments.orgId, ACME));
    const expected = new Map<string, number>();
    for (const p of all.filter((p) => p.paidOn >= '2026-02-10')) {
      const key = `${p.currency} ${p.paidOn.slice(0, 7)}`;
      expected.set(key, (expected.get(key) ?? 0) + p.amountCents);
    }
    expect(months.map((m) => [`${m.currency} ${m.month}`, m.paidCents])).toEqual(
      [...expected.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  });

  it('counts and sums the active invoices', async () => {
    const active = (await rawOrgInvoices(ACME)).filter(live);
    expect(await (await invoicesOf()).summary()).toEqual({
      count: active.length,
      totalCents: active.reduce((sum, r) => sum + r.totalCents, 0),
    });
  });

  it('writes a version only at that version, bumping it; a deleted invoice is never written', async () => {
    const scoped = await invoicesOf();
    const before = (await rawInvoice(id))!;
    expect(await scoped.applyVersioned(id, before.version + 1, { customerName: 'Stale' })).toBeNull();
    const written = await scoped.applyVersioned(id, before.version, { customerName: 'Fresh' });
    expect(written).toMatchObject({ id, customerName: 'Fresh', version: before.version + 1 });
    expect(new Date(written!.updatedAt).getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    const deleted = rows.find((row) => row.deletedAt)!;
    expect(await scoped.applyVersioned(deleted.id, deleted.version, { customerName: 'Ghost' })).toBeNull();
    expect((await rawInvoice(deleted.id))?.customerName).toBe(deleted.customerName);
  });
});

const towards = (comment: { createdAt: string; id: string }, direction: 'older' | 'newer') =>
  encodeCommentCursor({ at: comment.createdAt, id: comment.id, towards: direction });

describe('comment pages', () => {
  const invoiceId = () => rows.find((row) => live(row))!.id;
  const ids: string[] = [];
  beforeAll(async () => {
    const comments = scopedComments(ACME, await db());
    for (let i = 0; i < 5; i += 1) {
      const id = randomUUID();
      ids.push(id);
      await comments.insertOnce({ id, invoiceId: invoiceId(), authorId: 'usr_admin_acme', body: `Edge ${i}` });
      // Distinct timestamps: the thread orders by creation time, then id.
      await (
        await db()
      )
        .update(invoiceComments)
        .set({ createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)) })
        .where(eq(invoiceComments.id, id));
    }
  });

  it('reads newest first, then older and back newer by cursor', async () => {
    const comments = scopedComments(ACME, await db());
    const thread = await (await db()).select().from(invoiceComments).where(eq(invoiceComments.invoiceId, invoiceId()));
    const newestFirst = thread
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((c) => c.id);
    const first = await comments.page(invoiceId(), undefined, 2);
    expect(first.comments.map((c) => c.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.prevCursor).toBeNull();
    expect(first.comments[0]).toMatchObject({ authorId: 'usr_admin_acme', authorName: 'Adam Admin', invoiceId: invoiceId() });
    const decode = (text: string | null) => commentCursor.parse(text);
    const second = await comments.page(invoiceId(), decode(first.nextCursor), 2);
    expect(second.comments.map((c) => c.id)).toEqual(newestFirst.slice(2, 4));
    expect(second.prevCursor).not.toBeNull();
    const back = await comments.page(invoiceId(), decode(second.prevCursor), 2);
    expect(back.comments.map((c) => c.id)).toEqual(newestFirst.slice(0, 2));
    expect(back.prevCursor).toBeNull();
    expect(back.nextCursor).not.toBeNull();
    let page = second;
    const seen = [...first.comments, ...second.comments].map((c) => c.id);
    while (page.nextCursor) {
      page = await comments.page(invoiceId(), decode(page.nextCursor), 2);
      seen.push(...page.comments.map((c) => c.id));
    }
    expect(seen).toEqual(newestFirst);
    // Past either end: newer than the newest offers the way back; older than the oldest offers nothing.
    const beyond = await comments.page(invoiceId(), decode(towards(first.comments[0]!, 'newer')), 2);
    expect(beyond.comments).toEqual([]);
    expect(beyond.prevCursor).toBeNull();
    expect(decode(beyond.nextCursor)).toEqual({ at: first.comments[0]!.createdAt, id: first.comments[0]!.id, towards: 'older' });
    const three = await comments.page(invoiceId(), undefined, 3);
    expect(three.comments.map((c) => c.id)).toEqual(newestFirst.slice(0, 3));
    expect(decode(three.nextCursor)).toMatchObject({ id: newestFirst[2], towards: 'older' });
    const older = await comments.page(invoiceId(), decode(towards(page.comments.at(-1)!, 'older')), 2);
    expect(older).toEqual({ comments: [], nextCursor: null, prevCursor: null });
  });

  it('counts the thread and versions it by count and newest time; a deleted invoice is not visible', async () => {
    const comments = scopedComments(ACME, await db());
    const count = (await (await db()).select().from(invoiceComments).where(eq(invoiceComments.invoiceId, invoiceId()))).length;
    expect(await comments.countFor(invoiceId())).toBe(count);
    const version = await comments.version(invoiceId());
    expect(version.invoiceVisible).toBe(true);
    expect(version.count).toBe(count);
    expect(version.newestAt).not.toBeNull();
    const deleted = rows.find((row) => row.deletedAt)!;
    expect((await comments.version(deleted.id)).invoiceVisible).toBe(false);
    expect(await comments.version(randomUUID())).toEqual({ invoiceVisible: false, count: 0, newestAt: null });
  });

  it('replays a post once, and refuses an id used by another post', async () => {
    const comments = scopedComments(ACME, await db());
    const replay = await comments.insertOnce({ id: ids[0]!, invoiceId: invoiceId(), authorId: 'usr_admin_acme', body: 'Edge 0' });
    expect(replay).toMatchObject({ inserted: false, comment: { id: ids[0], body: 'Edge 0' } });
    const otherAuthor = await comments.insertOnce({
      id: ids[0]!,
      invoiceId: invoiceId(),
      authorId: 'usr_owner_acme',
      body: 'Edge 0',
    });
    expect(otherAuthor).toBeNull();
    const otherInvoice = rows.find((row) => live(row) && row.id !== invoiceId())!.id;
    expect(await comments.insertOnce({ id: ids[0]!, invoiceId: otherInvoice, authorId: 'usr_admin_acme', body: 'x' })).toBeNull();
    const fresh = await comments.insertOnce({
      id: randomUUID(),
      invoiceId: invoiceId(),
      authorId: 'usr_admin_acme',
      body: 'New',
    });
    expect(fresh).toMatchObject({ inserted: true, comment: { body: 'New', authorName: 'Adam Admin' } });
  });

  it('lists recent comments newest first with their invoice number, none of a deleted invoice', async () => {
    const recent = await scopedComments(ACME, await db()).recent(500);
    const times = recent.map((c) => c.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    const deletedIds = new Set(rows.filter((row) => row.deletedAt).map((row) => row.id));
    expect(recent.some((c) => deletedIds.has(c.invoiceId))).toBe(false);
    const ours = recent.find((c) => c.id === ids[4]);
    expect(ours?.invoiceNumber).toBe(rows.find((row) => row.id === invoiceId())!.number);
    expect(await scopedComments(ACME, await db()).recent(2)).toHaveLength(2);
  });
});

describe('customers', () => {
  it('lists by name in any case, archived only when asked, each with its fields', async () => {
    const scoped = scopedCustomers(ACME, await db());
    await scoped.insert({ name: 'aardvark edge', email: 'a@edge.test', billingAddress: '1 Road', taxId: 'T-1' });
    const archived = await scoped.insert({ name: 'Zulu Edge', email: 'z@edge.test', billingAddress: '', taxId: null });
    expect(await scoped.setArchived(archived.id, true)).toMatchObject({ id: archived.id, archivedAt: expect.any(String) });
    const raw = await (await db()).select().from(customers).where(eq(customers.orgId, ACME));
    const byName = (list: { name: string }[]) => list.map((c) => c.name);
    const sorted = (list: typeof raw) => list.map((c) => c.name).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    expect(byName(await scoped.list({ includeArchived: true }))).toEqual(sorted(raw));
    expect(byName(await scoped.list({ includeArchived: false }))).toEqual(sorted(raw.filter((c) => !c.archivedAt)));
    expect((await scoped.list({ includeArchived: false }))[0]).toEqual({
      id: expect.any(String),
      name: 'aardvark edge',
      email: 'a@edge.test',
      billingAddress: '1 Road',
      taxId: 'T-1',
      archivedAt: null,
    });
    expect(await scoped.setArchived(archived.id, false)).toMatchObject({ archivedAt: null });
    expect(await scoped.byId(archived.id)).toMatchObject({ name: 'Zulu Edge', archivedAt: null });
    expect(await scoped.byId(randomUUID())).toBeNull();
    expect(await scoped.update(randomUUID(), { name: 'x', email: 'x@x.test', billingAddress: '', taxId: null })).toBeNull();
    expect(await scoped.setArchived(randomUUID(), true)).toBeNull();
    expect(
      await scoped.update(archived.id, { name: 'Yankee Edge', email: 'y@edge.test', billingAddress: '', taxId: null }),
    ).toMatchObject({
      name: 'Yankee Edge',
      email: 'y@edge.test',
    });
  });

  it('finds a customer by name in any case, or creates one', async () => {
    const scoped = scopedCustomers(ACME, await db());
    const existing = await scoped.insert({ name: 'Case Edge', email: 'case@edge.test', billingAddress: '', taxId: null });
    expect(await scoped.idForName('CASE EDGE', 'other@edge.test')).toBe(existing.id);
    const created = await scoped.idForName('Brand New Edge', 'new@edge.test');
    expect(await scoped.byId(created)).toMatchObject({ name: 'Brand New Edge', email: 'new@edge.test' });
    expect(await scoped.idForName('brand new edge', 'again@edge.test')).toBe(created);
  });

  it('tells a duplicate name from other errors, however deep the driver wraps it', async () => {
    const scoped = scopedCustomers(ACME, await db());
    const error = await scoped
      .insert({ name: 'CASE EDGE', email: 'dup@edge.test', billingAddress: '', taxId: null })
      .catch((e: unknown) => e);
    expect(isDuplicateName(error)).toBe(true);
    expect(isDuplicateName({ code: '23505' })).toBe(true);
    expect(isDuplicateName({ cause: { cause: { code: '23505' } } })).toBe(true);
    expect(isDuplicateName({ code: '23503' })).toBe(false);
    expect(isDuplicateName({ cause: { code: '42P01' } })).toBe(false);
    expect(isDuplicateName(null)).toBe(false);
    expect(isDuplicateName('23505')).toBe(false);
    expect(isDuplicateName(new Error('23505'))).toBe(false);
  });
});
