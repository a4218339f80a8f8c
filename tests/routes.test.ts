import { isNotNull } from 'drizzle-orm';
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
const { GET: getInvoice } = await import('@/app/api/invoices/[id]/route');
const { db } = await import('@/server/db/client');
const { invoices } = await import('@/server/db/schema');
const { PAGE_SIZE } = await import('@/lib/schemas/invoice');
const { ACME, GLOBEX, activeInvoice, rawInvoice, rawLines, rawOrgInvoices, viewerOf } = await import('./support/fixtures');

const noParams = { params: Promise.resolve({}) };
const list = (query: string) => listInvoices(new NextRequest(`http://localhost/api/invoices${query}`), noParams);
const one = (id: string) =>
  getInvoice(new NextRequest(`http://localhost/api/invoices/${id}`), { params: Promise.resolve({ id }) });

const asAcmeAdmin = () => (h.viewer = viewerOf('usr_admin_acme', ACME, 'admin'));
const asAcmeMember = () => (h.viewer = viewerOf('usr_member_acme', ACME, 'member'));

async function softDeletedAcmeInvoiceId(): Promise<string> {
  const rows = (await (await db()).select().from(invoices).where(isNotNull(invoices.deletedAt))).filter((r) => r.orgId === ACME);
  const id = rows[0]?.id;
  if (!id) throw new Error('the seed has no soft-deleted Acme invoice');
  return id;
}

beforeEach(() => {
  h.viewer = null;
});

describe('GET /api/invoices', () => {
  it('no session: 401 with the error envelope', async () => {
    const response = await list('?view=all');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('a viewer with no organization: 404', async () => {
    h.viewer = viewerOf('usr_admin_acme', null);
    const response = await list('');
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('not_found');
  });

  it('a member asking for view=all: 403; view=active and view=archived are allowed', async () => {
    asAcmeMember();
    const forbidden = await list('?view=all');
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
    expect((await list('?view=active')).status).toBe(200);
    expect((await list('?view=archived')).status).toBe(200);
  });

  it('an admin gets a page of their own org, newest first, with cursors', async () => {
    asAcmeAdmin();
    const response = await list('?view=all');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      items: { id: string; number: number }[];
      nextCursor: string | null;
      prevCursor: string | null;
      fetchedAt: string;
    };
    const acme = (await rawOrgInvoices(ACME)).map((r) => r.number).sort((a, b) => b - a);
    expect(body.items.map((i) => i.number)).toEqual(acme.slice(0, PAGE_SIZE));
    expect(body.prevCursor).toBeNull();
    expect(body.nextCursor).toBe(String(acme[PAGE_SIZE - 1]));
    expect(typeof body.fetchedAt).toBe('string');

    const next = (await (await list(`?view=all&after=${body.nextCursor}`)).json()) as typeof body;
    expect(next.items.map((i) => i.number)).toEqual(acme.slice(PAGE_SIZE, 2 * PAGE_SIZE));
  });

  it('the default view is active, and no other org appears', async () => {
    h.viewer = viewerOf('usr_admin_globex', GLOBEX, 'admin');
    const body = (await (await list('')).json()) as { items: { id: string; archivedAt: string | null }[] };
    const globexIds = new Set((await rawOrgInvoices(GLOBEX)).map((r) => r.id));
    expect(body.items).toHaveLength(PAGE_SIZE);
    expect(body.items.every((i) => globexIds.has(i.id) && i.archivedAt === null)).toBe(true);
  });

  it.each([
    ['after=abc', '?after=abc', 'after'],
    ['after=0', '?after=0', 'after'],
    ['an unknown view', '?view=everything', 'view'],
    ['both after and before', '?after=1050&before=1040', '_form'],
  ])('a bad query (%s): 400 with fieldErrors', async (_label, query, key) => {
    asAcmeAdmin();
    const response = await list(query);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; fieldErrors: Record<string, string[]> } };
    expect(body.error.code).toBe('bad_request');
    expect(Object.keys(body.error.fieldErrors)).toEqual([key]);
    expect(body.error.fieldErrors[key]?.[0]).toEqual(expect.any(String));
  });
});

describe('GET /api/invoices/[id]', () => {
  it('no session: 401', async () => {
    const invoice = await activeInvoice(ACME, 0);
    const response = await one(invoice.id);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('a non-uuid id: 400 with a field error on id', async () => {
    asAcmeMember();
    const response = await one('not-an-id');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; fieldErrors: Record<string, string[]> } };
    expect(body.error.code).toBe('bad_request');
    expect(Object.keys(body.error.fieldErrors)).toEqual(['id']);
  });

  it("another org's id: 404, and the body carries nothing of that invoice", async () => {
    asAcmeAdmin();
    const foreign = await activeInvoice(GLOBEX, 0);
    const response = await one(foreign.id);
    expect(response.status).toBe(404);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    for (const secret of [foreign.id, foreign.customerName, foreign.customerEmail, String(foreign.totalCents)]) {
      expect(text).not.toContain(secret);
    }
  });

  it('own id: 200 with the invoice and its lines, as stored', async () => {
    asAcmeMember();
    const invoice = await activeInvoice(ACME, 0);
    const response = await one(invoice.id);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      id: string;
      number: number;
      totalCents: number;
      version: number;
      lines: { description: string; amountCents: number }[];
    };
    const row = await rawInvoice(invoice.id);
    const lines = await rawLines(invoice.id);
    expect(body).toMatchObject({ id: invoice.id, number: row?.number, totalCents: row?.totalCents, version: row?.version });
    expect(body.lines.map((l) => [l.description, l.amountCents])).toEqual(lines.map((l) => [l.description, l.amountCents]));
  });

  it('a soft-deleted invoice: 404 for a member, 200 for an admin', async () => {
    const id = await softDeletedAcmeInvoiceId();
    asAcmeMember();
    const hidden = await one(id);
    expect(hidden.status).toBe(404);
    const text = await hidden.text();
    expect(text).not.toContain(id);

    asAcmeAdmin();
    const shown = await one(id);
    expect(shown.status).toBe(200);
    const body = (await shown.json()) as { id: string; deletedAt: string | null };
    expect(body.id).toBe(id);
    expect(body.deletedAt).toBe((await rawInvoice(id))?.deletedAt?.toISOString());
  });
});
