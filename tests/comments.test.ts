import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Viewer } from '@/server/auth/viewer';

const h = vi.hoisted(() => ({ viewer: null as Viewer | null }));

vi.mock('@/server/auth/viewer', () => ({
  getViewer: vi.fn(async () => h.viewer),
  getVerifiedViewer: vi.fn(async () => h.viewer),
}));
vi.mock('next/cache', () => import('./support/next-mocks').then((m) => m.nextCache));
vi.mock('next/headers', () => import('./support/next-mocks').then((m) => m.nextHeaders));
vi.mock('next/navigation', () => import('./support/next-mocks').then((m) => m.nextNavigation));

const { GET } = await import('@/app/api/invoices/[id]/comments/route');
const { callsOf, request, resetNext } = await import('./support/next-mocks');
const { addCommentAction } = await import('@/server/comments/actions');
const { commentAdd } = await import('@/server/comments/add-comment');
const { scopedComments } = await import('@/server/comments/scoped');
const { commentTags } = await import('@/server/cache/tags');
const { commentCursor } = await import('@/lib/schemas/comment');
const { db } = await import('@/server/db/client');
const { auditLog, invoiceComments, invoices } = await import('@/server/db/schema');
const { BUSY_THREAD } = await import('@/server/db/seed-demo');
const { ACME, GLOBEX, acmeMember, activeInvoice, formOf, viewerOf } = await import('./support/fixtures');

async function busyInvoiceId(): Promise<string> {
  const [row] = await (
    await db()
  )
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(eq(invoices.orgId, BUSY_THREAD.orgId), eq(invoices.number, BUSY_THREAD.number)));
  if (!row) throw new Error('busy thread invoice missing');
  return row.id;
}
const storedComments = async (invoiceId: string) =>
  (await db()).select().from(invoiceComments).where(eq(invoiceComments.invoiceId, invoiceId));
const commentAudits = async (invoiceId: string) =>
  (await (await db()).select().from(auditLog).where(eq(auditLog.subjectId, invoiceId))).filter((a) => a.action === 'comment.add');
const get = (id: string, query = '', headers: Record<string, string> = {}) =>
  GET(new NextRequest(`http://localhost/api/invoices/${id}/comments${query}`, { headers }), { params: Promise.resolve({ id }) });

beforeEach(() => {
  h.viewer = viewerOf(acmeMember.userId, ACME, 'member');
  resetNext('http://localhost/invoices/x');
});

describe('comment thread keyset pages', () => {
  it('walks the whole thread newest first, each comment once, and back again', async () => {
    const id = await busyInvoiceId();
    const comments = scopedComments(ACME, await db());
    const seen: string[] = [];
    const cursors: string[] = [];
    let page = await comments.page(id, undefined, 50);
    expect(page.prevCursor).toBeNull();
    for (;;) {
      seen.push(...page.comments.map((c) => c.createdAt + c.id));
      if (!page.nextCursor) break;
      cursors.push(page.nextCursor);
      page = await comments.page(id, commentCursor.parse(page.nextCursor), 50);
      expect(page.prevCursor).not.toBeNull();
    }
    expect(seen.length).toBeGreaterThanOrEqual(BUSY_THREAD.comments);
    expect(seen).toHaveLength((await storedComments(id)).length);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort().reverse()).toEqual(seen);

    const second = await comments.page(id, commentCursor.parse(cursors[0]!), 50);
    const backToFirst = await comments.page(id, commentCursor.parse(second.prevCursor!), 50);
    expect(backToFirst.comments.map((c) => c.id)).toEqual((await comments.page(id, undefined, 50)).comments.map((c) => c.id));
    expect(backToFirst.prevCursor).toBeNull();
  });
});

describe('addComment', () => {
  it('stores a retried post once, with one audit row, and returns the stored comment both times', async () => {
    const invoice = await activeInvoice(ACME, 2);
    const input = { invoiceId: invoice.id, id: randomUUID(), body: 'Only once please' };
    const first = await commentAdd.commit(acmeMember, input);
    const again = await commentAdd.commit(acmeMember, input);
    expect(first.ok && again.ok && first.data.id === again.data.id).toBe(true);
    expect((await storedComments(invoice.id)).filter((c) => c.id === input.id)).toHaveLength(1);
    expect((await commentAudits(invoice.id)).filter((a) => a.details.commentId === input.id)).toHaveLength(1);
  });

  it('refuses another org and a reused id, writing nothing', async () => {
    const invoice = await activeInvoice(ACME, 3);
    const before = (await storedComments(invoice.id)).length;
    const foreign = await commentAdd.commit(
      { userId: 'usr_member_globex', orgId: GLOBEX },
      { invoiceId: invoice.id, id: randomUUID(), body: 'x' },
    );
    expect(foreign).toMatchObject({ ok: false, code: 'not_found' });
    const id = randomUUID();
    expect((await commentAdd.commit(acmeMember, { invoiceId: invoice.id, id, body: 'first' })).ok).toBe(true);
    const other = await activeInvoice(ACME, 4);
    expect(await commentAdd.commit(acmeMember, { invoiceId: other.id, id, body: 'same id elsewhere' })).toMatchObject({
      code: 'conflict',
    });
    expect((await storedComments(invoice.id)).length).toBe(before + 1);
    expect((await storedComments(other.id)).some((c) => c.id === id)).toBe(false);
  });
});

describe('addCommentAction', () => {
  it.each([
    ['empty', ''],
    ['whitespace only', '   \n  '],
    ['over-long', 'x'.repeat(2001)],
  ])('rejects an %s body with a field error and writes nothing', async (_name, body) => {
    const invoice = await activeInvoice(ACME, 5);
    const before = (await storedComments(invoice.id)).length;
    const state = await addCommentAction(null, formOf({ invoiceId: invoice.id, id: randomUUID(), body }));
    expect(state).toMatchObject({ ok: false, code: 'bad_request', fieldErrors: { body: [expect.any(String)] } });
    expect(await storedComments(invoice.id)).toHaveLength(before);
    expect(callsOf('updateTag')).toEqual([]);
  });

  it('invalidates the comment count tag after the insert', async () => {
    const invoice = await activeInvoice(ACME, 6);
    const state = await addCommentAction(null, formOf({ invoiceId: invoice.id, id: randomUUID(), body: 'Counted' }));
    expect(state.ok).toBe(true);
    expect(callsOf('updateTag')).toEqual([[commentTags.thread(ACME, invoice.id)]]);
  });

  it('redirects a plain (no JavaScript) post back to the invoice so the page shows the comment', async () => {
    request.plainPost = true;
    const invoice = await activeInvoice(ACME, 7);
    await expect(addCommentAction(null, formOf({ invoiceId: invoice.id, id: randomUUID(), body: 'No JS' }))).rejects.toThrow(
      `NEXT_REDIRECT;replace;/invoices/${invoice.id}#comments;`,
    );
  });
});

describe('GET /api/invoices/[id]/comments', () => {
  it('answers 400 for a bad cursor or limit, and 404 for another org', async () => {
    const id = await busyInvoiceId();
    expect((await get(id, '?cursor=nonsense')).status).toBe(400);
    expect((await get(id, '?limit=0')).status).toBe(400);
    expect((await get(id, '?limit=500')).status).toBe(400);
    h.viewer = viewerOf('usr_member_globex', GLOBEX, 'member');
    const foreign = await get(id);
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(await foreign.json())).not.toContain('Thread message');
  });

  it('sends an ETag; an unchanged thread answers 304 with no body, a new comment changes it', async () => {
    const id = await busyInvoiceId();
    const first = await get(id);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    const body = (await first.json()) as { comments: unknown[]; nextCursor: string | null; prevCursor: string | null };
    expect(body.comments).toHaveLength(20);
    expect(body.prevCursor).toBeNull();

    const unchanged = await get(id, '', { 'if-none-match': etag });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');

    await commentAdd.commit(acmeMember, { invoiceId: id, id: randomUUID(), body: 'Something new' });
    const changed = await get(id, '', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });
});
