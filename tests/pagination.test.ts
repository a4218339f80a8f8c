import { describe, expect, it } from 'vitest';
import type { InvoiceView } from '@/lib/schemas/invoice';
import { db } from '@/server/db/client';
import { invoiceArchive } from '@/server/invoices/lifecycle';
import { scopedInvoices } from '@/server/invoices/scoped';
import type { InvoicePage } from '@/lib/invoice';
import { ACME, acmeAdmin, GLOBEX, rawInvoice, rawOrgInvoices } from './support/fixtures';

const LIMIT = 7;
const pageOf = async (orgId: string, view: InvoiceView, request: { after?: number; before?: number; limit?: number } = {}) =>
  scopedInvoices(orgId, await db())
    .view(view)
    .page({ limit: LIMIT, ...request });

/** The view's numbers, newest first, computed from the raw table. */
async function expectedNumbers(orgId: string, view: InvoiceView): Promise<number[]> {
  const rows = (await rawOrgInvoices(orgId)).filter((row) =>
    view === 'all' ? true : view === 'active' ? !row.archivedAt && !row.deletedAt : !!row.archivedAt && !row.deletedAt,
  );
  return rows.map((row) => row.number).sort((a, b) => b - a);
}

/** Follows `after` cursors from the first page to the last. */
async function walkForward(orgId: string, view: InvoiceView, limit = LIMIT): Promise<InvoicePage[]> {
  const pages: InvoicePage[] = [];
  let page = await pageOf(orgId, view, { limit });
  pages.push(page);
  while (page.nextCursor !== null) {
    if (pages.length > 100) throw new Error('cursor walk does not terminate');
    page = await pageOf(orgId, view, { after: page.nextCursor, limit });
    pages.push(page);
  }
  return pages;
}

describe('keyset pagination', () => {
  it.each(['all', 'active', 'archived'] as const)(
    "walking `after` cursors through view '%s' visits every row exactly once, newest first",
    async (view) => {
      const expected = await expectedNumbers(ACME, view);
      expect(expected.length).toBeGreaterThan(LIMIT); // more than one page, or the walk proves nothing
      const limit = view === 'archived' ? 3 : LIMIT;
      const pages = await walkForward(ACME, view, limit);
      const visited = pages.flatMap((p) => p.items.map((item) => item.number));
      expect(visited).toEqual(expected);
      expect(new Set(visited).size).toBe(visited.length);
      expect(pages).toHaveLength(Math.ceil(expected.length / limit));

      pages.forEach((page, i) => {
        expect(page.items.length).toBeLessThanOrEqual(limit);
        expect(page.items.length).toBeGreaterThan(0);
        // The cursors are the boundary numbers of the page.
        expect(page.prevCursor).toBe(i === 0 ? null : page.items[0]!.number);
        expect(page.nextCursor).toBe(i === pages.length - 1 ? null : page.items.at(-1)!.number);
      });
    },
  );

  it('every row carries the state its view promises', async () => {
    const archived = (await walkForward(ACME, 'archived')).flatMap((p) => p.items);
    expect(archived.every((row) => row.archivedAt !== null && row.deletedAt === null)).toBe(true);
    const active = (await walkForward(ACME, 'active')).flatMap((p) => p.items);
    expect(active.every((row) => row.archivedAt === null && row.deletedAt === null)).toBe(true);
    const all = (await walkForward(ACME, 'all')).flatMap((p) => p.items);
    expect(all.some((row) => row.deletedAt !== null)).toBe(true);
  });

  it('`before` from page 2 returns page 1 exactly; walking `before` back from the last page reverses the walk', async () => {
    for (const view of ['all', 'active'] as const) {
      const page1 = await pageOf(ACME, view);
      const page2 = await pageOf(ACME, view, { after: page1.nextCursor! });
      expect(page1.prevCursor).toBeNull();
      expect(page2.prevCursor).not.toBeNull();
      expect(await pageOf(ACME, view, { before: page2.prevCursor! })).toEqual(page1);

      const forward = await walkForward(ACME, view);
      let page = forward.at(-1)!;
      const backward: InvoicePage[] = [page];
      while (page.prevCursor !== null) {
        page = await pageOf(ACME, view, { before: page.prevCursor });
        backward.unshift(page);
      }
      expect(backward.map((p) => p.items.map((i) => i.number))).toEqual(forward.map((p) => p.items.map((i) => i.number)));
      expect(backward[0]).toEqual(forward[0]);
    }
  });

  it('a cursor link survives edits: archiving the cursor row of page 1 does not shift page 2', async () => {
    const page1 = await pageOf(ACME, 'active');
    const cursor = page1.nextCursor!;
    const page2 = await pageOf(ACME, 'active', { after: cursor });
    const cursorRow = page1.items.at(-1)!;
    expect(cursorRow.number).toBe(cursor);

    // Archive the row the cursor points at, and another row on page 1.
    for (const row of [cursorRow, page1.items[1]!]) {
      const archived = await invoiceArchive.commit(acmeAdmin, { id: row.id, version: row.version });
      expect(archived.ok).toBe(true);
      expect((await rawInvoice(row.id))?.archivedAt).toBeInstanceOf(Date);
    }

    const again = await pageOf(ACME, 'active', { after: cursor });
    expect(again.items.map((i) => i.number)).toEqual(page2.items.map((i) => i.number));
    const belowCursor = (await expectedNumbers(ACME, 'active')).filter((n) => n < cursor);
    expect(again.items[0]!.number).toBe(belowCursor[0]);
    // Page 1 now ends earlier and its next page still starts right after it.
    const newPage1 = await pageOf(ACME, 'active');
    expect(newPage1.items.map((i) => i.number)).not.toContain(cursor);
    const newPage2 = await pageOf(ACME, 'active', { after: newPage1.nextCursor! });
    expect([...newPage1.items, ...newPage2.items].map((i) => i.number)).toEqual(
      (await expectedNumbers(ACME, 'active')).slice(0, 2 * LIMIT),
    );
  });

  it("another org's rows never appear, whatever the cursor", async () => {
    const acmeIds = new Set((await rawOrgInvoices(ACME)).map((row) => row.id));
    const globexIds = new Set((await rawOrgInvoices(GLOBEX)).map((row) => row.id));
    const acmeAll = (await walkForward(ACME, 'all')).flatMap((p) => p.items);
    expect(acmeAll).toHaveLength(acmeIds.size);
    expect(acmeAll.every((row) => acmeIds.has(row.id) && !globexIds.has(row.id))).toBe(true);

    const globexAll = (await walkForward(GLOBEX, 'all')).flatMap((p) => p.items);
    expect(globexAll).toHaveLength(globexIds.size);
    expect(globexAll.every((row) => globexIds.has(row.id))).toBe(true);

    // Globex numbers (5003+) sit above Acme's (1001+): cursors reaching into the other range find nothing foreign.
    const acmeAbove = await pageOf(ACME, 'all', { after: 99_999, limit: 100 });
    expect(acmeAbove.items.map((row) => row.id).sort()).toEqual([...acmeIds].sort());
    const globexBelow = await pageOf(GLOBEX, 'all', { after: 2_000 });
    expect(globexBelow).toEqual({ items: [], nextCursor: null, prevCursor: null });
    const acmeBefore = await pageOf(ACME, 'all', { before: 2_000 });
    expect(acmeBefore).toEqual({ items: [], nextCursor: null, prevCursor: null });
  });
});
