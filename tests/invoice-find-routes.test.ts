import { NextRequest } from 'next/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Viewer } from '@/server/auth/viewer';

const h = vi.hoisted(() => ({ viewer: null as Viewer | null }));

vi.mock('@/server/auth/viewer', () => ({
  getViewer: vi.fn(async () => h.viewer),
  getVerifiedViewer: vi.fn(async () => h.viewer),
  requireViewer: vi.fn(async () => {
    throw new Error('requireViewer is not used by route handlers');
  }),
  listMemberships: vi.fn(async () => []),
}));

vi.mock('next/cache', () => import('./support/next-mocks').then((m) => m.nextCache));

const { GET: listInvoices } = await import('@/app/api/invoices/route');
const { GET: exportInvoices } = await import('@/app/api/invoices/export/route');
const { ACME, rawOrgInvoices, viewerOf } = await import('./support/fixtures');

const noParams = { params: Promise.resolve({}) };
const list = (query: string) => listInvoices(new NextRequest(`http://localhost/api/invoices${query}`), noParams);
const csv = (query: string) => exportInvoices(new NextRequest(`http://localhost/api/invoices/export${query}`), noParams);

type Page = {
  items: { number: number; status: string; customerName: string; totalCents: number; dueOn: string }[];
  nextCursor: string | null;
};

beforeEach(() => {
  h.viewer = viewerOf('usr_member_acme', ACME, 'member');
});

describe('/api/invoices filters and /api/invoices/export', () => {
  it('filters by status, text and amount; bad filters are a 400 with field errors', async () => {
    const paid = (await (await list('?status=paid')).json()) as Page;
    expect(paid.items.length).toBeGreaterThan(0);
    expect(paid.items.every((i) => i.status === 'paid')).toBe(true);
    const text = (await (await list('?q=HARBOR')).json()) as Page;
    expect(text.items.every((i) => /harbor/i.test(i.customerName))).toBe(true);
    const amount = (await (await list('?min=500&max=800')).json()) as Page;
    expect(amount.items.every((i) => i.totalCents >= 50_000 && i.totalCents <= 80_000)).toBe(true);
    const bad = await list('?status=late&min=abc');
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()).error.fieldErrors).sort()).toEqual(['min', 'status']);
  });

  it('sort=due walks every active invoice once by keyset, in due-date order', async () => {
    const seen: Page['items'] = [];
    let query = '?sort=due';
    for (let guard = 0; guard < 20; guard++) {
      const page = (await (await list(query)).json()) as Page;
      seen.push(...page.items);
      if (!page.nextCursor) break;
      query = `?sort=due&after=${page.nextCursor}`;
    }
    const active = (await rawOrgInvoices(ACME)).filter((r) => !r.archivedAt && !r.deletedAt);
    expect(seen.map((i) => i.number).sort()).toEqual(active.map((r) => r.number).sort());
    const keys = seen.map((i) => `${i.dueOn}~${String(i.number).padStart(10, '0')}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('the CSV export streams the filter: header, then one row per invoice, quoted and formula-safe', async () => {
    const response = await csv('?status=paid');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe('number,customer,email,status,issued_on,due_on,currency,subtotal,tax,total,paid');
    const paid = (await rawOrgInvoices(ACME)).filter((r) => r.status === 'paid' && !r.archivedAt && !r.deletedAt);
    expect(lines).toHaveLength(paid.length + 1);
    expect(lines.slice(1).every((line) => line.includes(',paid,'))).toBe(true);
    expect((await csv('?view=all')).status).toBe(403);
  });
});
