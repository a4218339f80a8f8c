import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { invoiceListQuery } from '@/lib/schemas/invoice';
import { scopedComments } from '@/server/comments/scoped';
import { scopedCustomers } from '@/server/customers/scoped';
import { db } from '@/server/db/client';
import { customers, invoiceComments, invoicePayments } from '@/server/db/schema';
import { scopedInvoices } from '@/server/invoices/scoped';
import { scopedTeam } from '@/server/team/scoped';
import { ACME, activeInvoice, archivedInvoice, GLOBEX, rawInvoice, rawLines, rawOrgInvoices, rawRows } from './support/fixtures';
import { teamScopedCases } from './support/team-scoped-cases';

/**
 * Every method of every scoped module, asked on behalf of Globex about Acme's rows, finds nothing and
 * changes nothing. The fixtures make an unscoped query observable: Acme always holds the newest comment
 * and the highest invoice number, so a query that forgot its org condition returns Acme's rows.
 */

const SCOPED_MODULES: Record<string, (orgId: string) => Promise<object>> = {
  scopedInvoices: async (orgId) => scopedInvoices(orgId, await db()),
  scopedComments: async (orgId) => scopedComments(orgId, await db()),
  scopedCustomers: async (orgId) => scopedCustomers(orgId, await db()),
  scopedTeam: async (orgId) => scopedTeam(orgId, await db()),
};

/** Every invoice of the org, any view or status: what a filtered read may return. */
const EVERYTHING = (() => {
  const { after: _after, before: _before, ...filter } = invoiceListQuery.parse({ view: 'all' });
  return { ...filter, today: '2026-12-02' };
})();
const rawCustomers = async (orgId: string) => (await db()).select().from(customers).where(eq(customers.orgId, orgId));
const rawPayments = async (invoiceId: string) =>
  (await db()).select().from(invoicePayments).where(eq(invoicePayments.invoiceId, invoiceId));

const rawComments = async (column: 'orgId' | 'invoiceId', value: string) =>
  (await db()).select().from(invoiceComments).where(eq(invoiceComments[column], value));

let acmeInvoiceId: string;
let acmeEmptyInvoiceId: string;
let acmeCommentId: string;

beforeAll(async () => {
  const invoice = await activeInvoice(ACME, 0);
  acmeInvoiceId = invoice.id;
  // The newest comment anywhere, and an Acme invoice number above every Globex one.
  acmeCustomerId = (await rawCustomers(ACME))[0]!.id;
  acmeCommentId = randomUUID();
  await scopedComments(ACME, await db()).insertOnce({
    id: acmeCommentId,
    invoiceId: acmeInvoiceId,
    authorId: 'usr_admin_acme',
    body: 'Acme only',
  });
  acmeEmptyInvoiceId = await scopedInvoices(ACME, await db()).insert({
    number: 900_000,
    customerName: 'Acme high number',
    customerEmail: 'high@acme.test',
    terms: 'net30',
    issuedOn: '2026-01-01',
    dueOn: '2026-01-31',
    status: 'draft',
    lines: [],
  });
});

const globexIds = async () => new Set((await rawOrgInvoices(GLOBEX)).map((row) => row.id));

const invoiceCases: Record<string, () => Promise<void>> = {
  view: async () => {
    const allowed = await globexIds();
    for (const name of ['active', 'archived', 'all'] as const) {
      const page = await scopedInvoices(GLOBEX, await db())
        .view(name)
        .page({ limit: 1000 });
      expect(page.items.length, name).toBeGreaterThan(0);
      for (const item of page.items) expect(allowed.has(item.id), `${name} lists ${item.id}`).toBe(true);
    }
  },
  active: async () => {
    const allowed = await globexIds();
    const page = await scopedInvoices(GLOBEX, await db())
      .active()
      .page({ limit: 1000 });
    expect(page.items.every((item) => allowed.has(item.id))).toBe(true);
    expect(page.items.some((item) => item.number === 900_000)).toBe(false);
  },
  archived: async () => {
    const allowed = await globexIds();
    const page = await scopedInvoices(GLOBEX, await db())
      .archived()
      .page({ limit: 1000 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((item) => allowed.has(item.id))).toBe(true);
  },
  all: async () => {
    const allowed = await globexIds();
    const scoped = scopedInvoices(GLOBEX, await db()).all();
    const first = await scoped.page({ limit: 5 });
    const before = await scoped.page({ before: 0, limit: 1000 });
    for (const item of [...first.items, ...before.items]) expect(allowed.has(item.id)).toBe(true);
  },
  byId: async () => {
    expect(await scopedInvoices(GLOBEX, await db()).byId(acmeInvoiceId)).toBeNull();
    expect((await scopedInvoices(ACME, await db()).byId(acmeInvoiceId))?.id).toBe(acmeInvoiceId);
  },
  summary: async () => {
    const rows = (await rawOrgInvoices(GLOBEX)).filter((row) => !row.archivedAt && !row.deletedAt);
    const expected = { count: rows.length, totalCents: rows.reduce((sum, row) => sum + row.totalCents, 0) };
    expect(await scopedInvoices(GLOBEX, await db()).summary()).toEqual(expected);
  },
  applyVersioned: async () => {
    const before = await rawInvoice(acmeInvoiceId);
    const result = await scopedInvoices(GLOBEX, await db()).applyVersioned(acmeInvoiceId, before!.version, {
      customerName: 'Hijacked',
    });
    expect(result).toBeNull();
    expect(await rawInvoice(acmeInvoiceId)).toEqual(before);
  },
  replaceLines: async () => {
    // An invoice without lines: no position clash would stop a cross-tenant insert by accident.
    const [invoice, lines] = [await rawInvoice(acmeEmptyInvoiceId), await rawLines(acmeEmptyInvoiceId)];
    const hijack = [
      { description: 'Hijacked', quantity: 1, unitPrice: 1 },
      { description: 'Hijacked', quantity: 1, unitPrice: 1 },
    ];
    expect(await scopedInvoices(GLOBEX, await db()).replaceLines(acmeEmptyInvoiceId, hijack)).toBe(false);
    expect(await rawLines(acmeEmptyInvoiceId)).toEqual(lines);
    expect(await rawInvoice(acmeEmptyInvoiceId)).toEqual(invoice);
  },
  insert: async () => {
    const id = await scopedInvoices(GLOBEX, await db()).insert({
      number: 800_000,
      customerName: 'Globex insert',
      customerEmail: 'insert@globex.test',
      terms: 'net30',
      issuedOn: '2026-01-01',
      dueOn: '2026-01-31',
      status: 'draft',
      lines: [],
    });
    expect((await rawInvoice(id))?.orgId).toBe(GLOBEX);
    expect(await scopedInvoices(ACME, await db()).byId(id)).toBeNull();
  },
  find: async () => {
    const allowed = await globexIds();
    const page = await scopedInvoices(GLOBEX, await db()).find(EVERYTHING, { after: null, before: null, limit: 1000 });
    expect(page.items.length).toBeGreaterThan(0);
    for (const item of page.items) expect(allowed.has(item.id), `find lists ${item.id}`).toBe(true);
  },
  findSql: async () => {
    const allowed = await globexIds();
    const rows = await rawRows<{ id: string }>(scopedInvoices(GLOBEX, await db()).findSql(EVERYTHING, 1000));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(allowed.has(row.id), `findSql selects ${row.id}`).toBe(true);
  },
  stream: async () => {
    const allowed = await globexIds();
    let seen = 0;
    for await (const batch of scopedInvoices(GLOBEX, await db()).stream(EVERYTHING, 50)) {
      for (const item of batch) expect(allowed.has(item.id), `stream yields ${item.id}`).toBe(true);
      seen += batch.length;
    }
    expect(seen).toBe(allowed.size);
  },
  addPayment: async () => {
    const [invoice, payments] = [await rawInvoice(acmeInvoiceId), await rawPayments(acmeInvoiceId)];
    const added = await scopedInvoices(GLOBEX, await db()).addPayment(acmeInvoiceId, {
      amountCents: 1,
      paidOn: '2026-01-02',
      recordedBy: 'usr_admin_globex',
    });
    expect(added).toBe(false);
    expect(await rawPayments(acmeInvoiceId)).toEqual(payments);
    expect(await rawInvoice(acmeInvoiceId)).toEqual(invoice);
  },
  outstanding: async () => {
    const buckets = await scopedInvoices(GLOBEX, await db()).outstanding();
    const owed = (await rawOrgInvoices(GLOBEX))
      .filter((row) => !row.archivedAt && !row.deletedAt && row.status === 'sent')
      .reduce((sum, row) => sum + row.totalCents - row.paidCents, 0);
    expect(buckets.reduce((sum, bucket) => sum + bucket.outstandingCents, 0)).toBe(owed);
  },
  paidByMonth: async () => {
    const months = await scopedInvoices(GLOBEX, await db()).paidByMonth('1970-01-01');
    const paid = (await (await db()).select().from(invoicePayments).where(eq(invoicePayments.orgId, GLOBEX))).reduce(
      (sum, row) => sum + row.amountCents,
      0,
    );
    expect(months.reduce((sum, month) => sum + month.paidCents, 0)).toBe(paid);
  },
  maxNumber: async () => {
    const numbers = (await rawOrgInvoices(GLOBEX)).map((row) => row.number);
    expect(await scopedInvoices(GLOBEX, await db()).maxNumber()).toBe(Math.max(...numbers));
  },
};

const commentCases: Record<string, () => Promise<void>> = {
  countFor: async () => {
    expect(await scopedComments(GLOBEX, await db()).countFor(acmeInvoiceId)).toBe(0);
    expect(await scopedComments(ACME, await db()).countFor(acmeInvoiceId)).toBeGreaterThan(0);
  },
  version: async () => {
    expect(await scopedComments(GLOBEX, await db()).version(acmeInvoiceId)).toEqual({
      invoiceVisible: false,
      count: 0,
      newestAt: null,
    });
  },
  page: async () => {
    const page = await scopedComments(GLOBEX, await db()).page(acmeInvoiceId, undefined, 50);
    expect(page.comments).toEqual([]);
    const own = await scopedComments(ACME, await db()).page(acmeInvoiceId, undefined, 50);
    expect(own.comments.map((comment) => comment.id)).toContain(acmeCommentId);
  },
  insertOnce: async () => {
    const before = await rawComments('invoiceId', acmeInvoiceId);
    const stored = await scopedComments(GLOBEX, await db()).insertOnce({
      id: randomUUID(),
      invoiceId: acmeInvoiceId,
      authorId: 'usr_admin_globex',
      body: 'Cross-tenant post',
    });
    expect(stored).toBeNull();
    expect(await rawComments('invoiceId', acmeInvoiceId)).toEqual(before);
    // Reusing an Acme comment's id from Globex does not hand back Acme's comment.
    const replay = await scopedComments(GLOBEX, await db()).insertOnce({
      id: acmeCommentId,
      invoiceId: acmeInvoiceId,
      authorId: 'usr_admin_globex',
      body: 'Replay',
    });
    expect(replay).toBeNull();
  },
  recent: async () => {
    const globexComments = new Set((await rawComments('orgId', GLOBEX)).map((row) => row.id));
    const recent = await scopedComments(GLOBEX, await db()).recent(1000);
    expect(recent.length).toBeGreaterThan(0);
    for (const comment of recent) expect(globexComments.has(comment.id), `recent lists ${comment.id}`).toBe(true);
  },
};

let acmeCustomerId: string;
const customerCases: Record<string, () => Promise<void>> = {
  list: async () => {
    const allowed = new Set((await rawCustomers(GLOBEX)).map((row) => row.id));
    const listed = await scopedCustomers(GLOBEX, await db()).list({ includeArchived: true });
    expect(listed.length).toBeGreaterThan(0);
    for (const customer of listed) expect(allowed.has(customer.id), `list shows ${customer.id}`).toBe(true);
  },
  byId: async () => {
    expect(await scopedCustomers(GLOBEX, await db()).byId(acmeCustomerId)).toBeNull();
    expect((await scopedCustomers(ACME, await db()).byId(acmeCustomerId))?.id).toBe(acmeCustomerId);
  },
  insert: async () => {
    const created = await scopedCustomers(GLOBEX, await db()).insert({
      name: 'Globex-only customer',
      email: 'only@globex.test',
      billingAddress: '',
      taxId: null,
    });
    expect(await scopedCustomers(ACME, await db()).byId(created.id)).toBeNull();
    expect((await rawCustomers(GLOBEX)).some((row) => row.id === created.id)).toBe(true);
  },
  idForName: async () => {
    const acmeName = (await rawCustomers(ACME)).find((row) => row.id === acmeCustomerId)!.name;
    const id = await scopedCustomers(GLOBEX, await db()).idForName(acmeName, 'someone@globex.test');
    expect(id).not.toBe(acmeCustomerId);
    expect((await rawCustomers(GLOBEX)).some((row) => row.id === id)).toBe(true);
  },
  update: async () => {
    const before = await rawCustomers(ACME);
    expect(
      await scopedCustomers(GLOBEX, await db()).update(acmeCustomerId, {
        name: 'Hijacked',
        email: 'x@globex.test',
        billingAddress: '',
        taxId: null,
      }),
    ).toBeNull();
    expect(await rawCustomers(ACME)).toEqual(before);
  },
  setArchived: async () => {
    const before = await rawCustomers(ACME);
    expect(await scopedCustomers(GLOBEX, await db()).setArchived(acmeCustomerId, true)).toBeNull();
    expect(await rawCustomers(ACME)).toEqual(before);
  },
};

const CASES: Record<string, Record<string, () => Promise<void>>> = {
  scopedInvoices: invoiceCases,
  scopedComments: commentCases,
  scopedCustomers: customerCases,
  scopedTeam: teamScopedCases,
};

describe('every scoped module method, asked by another org, finds and changes nothing', () => {
  it('every scoped module in src/server is covered here, and every method of each has a case', async () => {
    const found = scopedModuleNames(join(process.cwd(), 'src', 'server'));
    expect(found.sort()).toEqual(Object.keys(SCOPED_MODULES).sort());
    for (const [name, open] of Object.entries(SCOPED_MODULES)) {
      expect(Object.keys(await open(GLOBEX)).sort(), name).toEqual(Object.keys(CASES[name]!).sort());
    }
  });

  for (const [moduleName, cases] of Object.entries(CASES)) {
    for (const [method, check] of Object.entries(cases)) {
      it(`${moduleName}(GLOBEX).${method} with Acme's ids`, check);
    }
  }

  it('the archived fixture exists in both orgs (so the archived cases read something)', async () => {
    expect((await archivedInvoice(ACME)).id).toBeTruthy();
    expect((await archivedInvoice(GLOBEX)).id).toBeTruthy();
  });
});

/** Names of every `export function scoped…(orgId, …)` under src/server. */
function scopedModuleNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return scopedModuleNames(path);
    if (!/\.tsx?$/.test(entry.name)) return [];
    const names = [...readFileSync(path, 'utf8').matchAll(/export function (scoped[A-Z]\w*)\s*\(\s*orgId/g)].map(
      (match) => match[1]!,
    );
    if (names.length && !relative(process.cwd(), path).startsWith('src/server/')) return [];
    return names;
  });
}
