import { NextRequest } from 'next/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { err, ok } from '@/lib/result';

/**
 * The route-handler choke point without a database: tenant and role, then one Zod pass over query,
 * JSON body and path params, then `fn`; every answer private and uncached, every refusal a JSON error
 * with its status.
 */
const h = vi.hoisted(() => ({
  viewer: null as null | { userId: string; active: { orgId: string; orgName: string; role: string } | null },
}));
vi.mock('@/server/auth/viewer', () => ({ getVerifiedViewer: async () => h.viewer }));
vi.mock('@/server/observability/request-spans', () => ({ annotateRequest: () => {} }));

const { authedRoute, PRIVATE_NO_STORE, resultResponse } = await import('@/server/authed-route');

const schema = z.object({ id: z.string(), page: z.coerce.number().int().min(1).default(1), note: z.string().optional() });
const fn = vi.fn(async (input: z.output<typeof schema>, ctx: { orgId: string }) => ok({ input, orgId: ctx.orgId }));
const route = authedRoute('admin', schema, fn);
const params = (values: Record<string, string>) => ({ params: Promise.resolve(values) });
const answer = async (response: Response) => ({
  status: response.status,
  cacheControl: response.headers.get('cache-control'),
  body: (await response.json()) as unknown,
});

beforeEach(() => {
  h.viewer = { userId: 'usr_1', active: { orgId: 'org_acme', orgName: 'Acme', role: 'admin' } };
  fn.mockClear();
});

describe('resultResponse', () => {
  it('answers data with 200, private and uncached, keeping other headers and options', async () => {
    const response = resultResponse(ok({ a: 1 }), { headers: { etag: '"v1"' }, statusText: 'Fine' });
    expect(await answer(response)).toEqual({ status: 200, cacheControl: PRIVATE_NO_STORE, body: { a: 1 } });
    expect(response.headers.get('etag')).toBe('"v1"');
    expect(response.statusText).toBe('Fine');
    expect(PRIVATE_NO_STORE).toBe('private, no-store');
  });

  it.each([
    ['bad_request', 400],
    ['unauthorized', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['too_many_requests', 429],
  ] as const)('answers %s with %d and the error without its ok flag', async (code, status) => {
    const response = resultResponse(err(code, 'Nope.', { id: ['Bad.'] }), { headers: { etag: '"v1"' } });
    expect(await answer(response)).toEqual({
      status,
      cacheControl: PRIVATE_NO_STORE,
      body: { error: { code, message: 'Nope.', fieldErrors: { id: ['Bad.'] } } },
    });
    expect(response.headers.get('etag')).toBe('"v1"');
  });
});

describe('authedRoute', () => {
  it('refuses without a session (401) or below the role (403) before reading anything', async () => {
    h.viewer = null;
    const anonymous = await route(new NextRequest('http://localhost/api/x?id=a'), params({}));
    expect(await answer(anonymous)).toEqual({
      status: 401,
      cacheControl: PRIVATE_NO_STORE,
      body: { error: { code: 'unauthorized', message: 'Your session has ended. Sign in again.' } },
    });
    h.viewer = { userId: 'usr_2', active: { orgId: 'org_acme', orgName: 'Acme', role: 'member' } };
    expect((await route(new NextRequest('http://localhost/api/x?id=a'), params({}))).status).toBe(403);
    expect(fn).not.toHaveBeenCalled();
  });

  it('validates query, body and path params together: params win over the body, the body over the query', async () => {
    const request = new NextRequest('http://localhost/api/x?id=from-query&page=2&note=query', {
      method: 'POST',
      body: JSON.stringify({ id: 'from-body', note: 'body' }),
    });
    const response = await route(request, params({ id: 'from-path' }));
    expect(await answer(response)).toEqual({
      status: 200,
      cacheControl: PRIVATE_NO_STORE,
      body: { input: { id: 'from-path', page: 2, note: 'body' }, orgId: 'org_acme' },
    });
    expect(fn).toHaveBeenCalledWith(
      { id: 'from-path', page: 2, note: 'body' },
      { userId: 'usr_1', orgId: 'org_acme', role: 'admin' },
      request,
    );
  });

  it('reads an empty POST body as no fields', async () => {
    const response = await route(new NextRequest('http://localhost/api/x?id=q', { method: 'POST' }), params({}));
    expect((await answer(response)).body).toEqual({ input: { id: 'q', page: 1 }, orgId: 'org_acme' });
  });

  it("never reads a GET's or a HEAD's body", async () => {
    for (const method of ['GET', 'HEAD']) {
      const text = vi.fn(async () => JSON.stringify({ id: 'from-body' }));
      const request = Object.assign(new NextRequest('http://localhost/api/x?id=q', { method }), { text });
      const response = await route(request, params({}));
      expect(response.status, method).toBe(200);
      expect(fn).toHaveBeenLastCalledWith({ id: 'q', page: 1 }, expect.anything(), request);
      expect(text).not.toHaveBeenCalled();
    }
  });

  it.each([
    ['not JSON', '{id:'],
    ['an array', '["x"]'],
    ['null', 'null'],
    ['a string', '"x"'],
    ['a number', '5'],
  ])('refuses a body that is %s with 400', async (_label, body) => {
    const response = await route(new NextRequest('http://localhost/api/x?id=q', { method: 'PATCH', body }), params({}));
    expect(await answer(response)).toEqual({
      status: 400,
      cacheControl: PRIVATE_NO_STORE,
      body: { error: { code: 'bad_request', message: 'The request body must be a JSON object.' } },
    });
    expect(fn).not.toHaveBeenCalled();
  });

  it('refuses what Zod rejects with 400 and field errors, without running fn', async () => {
    const response = await route(new NextRequest('http://localhost/api/x?page=0'), params({}));
    const { status, body } = await answer(response);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: 'bad_request', message: 'The request is not valid.' } });
    expect(Object.keys((body as { error: { fieldErrors: object } }).error.fieldErrors).sort()).toEqual(['id', 'page']);
    expect(fn).not.toHaveBeenCalled();
  });

  it("passes fn's own Response through untouched and maps its refusal to a status", async () => {
    const notModified = new Response(null, { status: 304 });
    fn.mockResolvedValueOnce(notModified as never);
    expect(await route(new NextRequest('http://localhost/api/x?id=q'), params({}))).toBe(notModified);
    fn.mockResolvedValueOnce(err('not_found', 'No such invoice.') as never);
    expect((await route(new NextRequest('http://localhost/api/x?id=q'), params({}))).status).toBe(404);
  });
});
