import { NextRequest } from 'next/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Viewer } from '@/server/auth/viewer';

/**
 * A case variant of an id must reach the same cache keys and tags as the canonical id; otherwise an
 * entry filled through `/api/invoices/<UPPER>` is one no invalidation can reach. Every tag a read
 * registers and every tag a write invalidates is recorded here, for id-taking routes and actions.
 */
const h = vi.hoisted(() => ({ viewer: null as Viewer | null, tags: [] as string[] }));

vi.mock('@/server/auth/viewer', () => ({
  getViewer: vi.fn(async () => h.viewer),
  getVerifiedViewer: vi.fn(async () => h.viewer),
  requireViewer: vi.fn(async () => h.viewer),
  listMemberships: vi.fn(async () => []),
}));

vi.mock('next/cache', () => {
  const record = (...tags: unknown[]) => {
    h.tags.push(...tags.filter((tag): tag is string => typeof tag === 'string'));
  };
  return {
    cacheTag: vi.fn(record),
    updateTag: vi.fn(record),
    revalidateTag: vi.fn(record),
    cacheLife: vi.fn(),
    revalidatePath: vi.fn(),
  };
});

vi.mock('next/headers', () => ({
  headers: vi.fn(async () => new Headers({ 'next-action': 'test', host: 'localhost', referer: 'http://localhost/invoices' })),
  cookies: vi.fn(async () => new Map()),
}));

vi.mock('next/navigation', () => ({
  redirect: vi.fn((url: string) => {
    throw Object.assign(new Error(`NEXT_REDIRECT;replace;${url};307;`), { digest: `NEXT_REDIRECT;replace;${url};307;` });
  }),
}));

const { GET: getInvoice } = await import('@/app/api/invoices/[id]/route');
const { GET: getComments } = await import('@/app/api/invoices/[id]/comments/route');
const { addCommentAction } = await import('@/server/comments/actions');
const { softDeleteInvoice, updateInvoice } = await import('@/server/invoices/actions');
const { ACME, activeInvoice, editForm, formOf, rawInvoice, viewerOf } = await import('./support/fixtures');

const call = (handler: typeof getInvoice, path: string, id: string) =>
  handler(new NextRequest(`http://localhost${path}`), { params: Promise.resolve({ id }) });
const variants = (id: string) => [id.toUpperCase(), `${id.slice(0, 8).toUpperCase()}${id.slice(8)}`];
const settle = (promise: Promise<unknown>) => promise.catch((error: unknown) => error);

beforeEach(() => {
  h.viewer = viewerOf('usr_admin_acme', ACME, 'admin');
  h.tags = [];
});

/** The tags that mention this invoice, in any case. */
const tagsOf = (id: string) => h.tags.filter((tag) => tag.toLowerCase().includes(id));

describe('a case variant of an id reaches the canonical keys and tags', () => {
  it('GET /api/invoices/[id] and its comments register the canonical tags only, and answer like the canonical id', async () => {
    const { id } = await activeInvoice(ACME, 1);
    for (const variant of variants(id)) {
      h.tags = [];
      const answer = await call(getInvoice, `/api/invoices/${variant}`, variant);
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { id: string }).id).toBe(id);
      expect((await call(getComments, `/api/invoices/${variant}/comments`, variant)).status).toBe(200);
      expect(tagsOf(id).length).toBeGreaterThan(0);
      expect(tagsOf(id).filter((tag) => !tag.includes(id))).toEqual([]);
    }
  });

  it('updateInvoice, addComment and softDelete through a case variant invalidate the canonical tags', async () => {
    const invoice = await activeInvoice(ACME, 2);
    const upper = invoice.id.toUpperCase();
    await settle(updateInvoice(null, editForm(invoice, { id: upper, customerName: 'Canonical Buyer' })));
    await settle(
      addCommentAction(null, formOf({ invoiceId: upper, id: crypto.randomUUID().toUpperCase(), body: 'seen by every spelling' })),
    );
    const current = await rawInvoice(invoice.id);
    await settle(softDeleteInvoice(null, formOf({ id: upper, version: Number(current?.version) })));
    expect((await rawInvoice(invoice.id))?.deletedAt).not.toBeNull();
    expect(tagsOf(invoice.id).length).toBeGreaterThan(0);
    expect(tagsOf(invoice.id).filter((tag) => !tag.includes(invoice.id))).toEqual([]);
  });

  it('after a soft delete through the canonical id, a member asking with any case variant gets the same 404', async () => {
    const invoice = await activeInvoice(ACME, 3);
    await settle(softDeleteInvoice(null, formOf({ id: invoice.id, version: invoice.version })));
    h.viewer = viewerOf('usr_member_acme', ACME, 'member');
    for (const variant of [invoice.id, ...variants(invoice.id)]) {
      expect((await call(getInvoice, `/api/invoices/${variant}`, variant)).status).toBe(404);
    }
  });
});
