import { describe, expect, it } from 'vitest';
import { auth } from '@/server/auth/auth';
import { HTTP_ENDPOINTS } from '@/server/auth/http-surface';
import { ACME, GLOBEX } from './support/fixtures';

/**
 * Better Auth over HTTP is an allow-list: every endpoint the library and its plugins define is asked
 * for through Tally's own route handler, and each one that is not on the list must answer 404/405.
 * A new endpoint after an upgrade fails here until someone decides it belongs on the list.
 */
const { GET, POST } = await import('@/app/api/auth/[...all]/route');
const BASE = 'http://localhost:3000/api/auth';
const ORIGIN = 'http://localhost:3000';

function call(method: string, path: string, init: { body?: unknown; cookie?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { origin: ORIGIN };
  if (init.cookie) headers.cookie = init.cookie;
  if (method === 'POST') headers['content-type'] = 'application/json';
  const request = new Request(`${BASE}${path}`, {
    method,
    headers,
    body: method === 'POST' ? JSON.stringify(init.body ?? {}) : undefined,
  });
  return method === 'GET' ? GET(request) : POST(request);
}

async function pluginEndpoints(): Promise<{ path: string; method: string }[]> {
  const endpoints = Object.values((await auth()).api) as { path?: string; options?: { method?: string | string[] } }[];
  return endpoints.flatMap(({ path, options }) => {
    if (!path) return []; // server-only endpoints have no route
    const methods = [options?.method ?? []].flat().flatMap((m) => (m === '*' ? ['GET', 'POST'] : [m]));
    return methods.filter((m) => m === 'GET' || m === 'POST').map((method) => ({ path: path.replace(/:\w+/g, 'x'), method }));
  });
}

const isAllowed = (path: string, method: string) => (HTTP_ENDPOINTS[path] ?? []).some((m) => m === method);

async function signIn(email: string): Promise<string> {
  const response = await call('POST', '/sign-in/email', { body: { email, password: 'demo-password' } });
  expect(response.status, await response.clone().text()).toBe(200);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function activeOrgOf(cookie: string): Promise<string | null> {
  const response = await call('GET', '/get-session', { cookie });
  return ((await response.json()) as { session: { activeOrganizationId: string | null } }).session.activeOrganizationId;
}

describe('the Better Auth HTTP surface', () => {
  it('answers 404 or 405 with a JSON body for every plugin endpoint not on the allow-list', async () => {
    const endpoints = await pluginEndpoints();
    expect(endpoints.length).toBeGreaterThan(40);
    const reachable: string[] = [];
    for (const { path, method } of endpoints.filter((e) => !isAllowed(e.path, e.method))) {
      const response = await call(method, path);
      if (![404, 405].includes(response.status)) reachable.push(`${method} ${path} -> ${response.status}`);
      else expect((await response.json()).error.code, `${method} ${path}`).toMatch(/not_found|method_not_allowed/);
    }
    expect(reachable).toEqual([]);
  });

  it('lists only endpoints that exist, each with a method the plugin serves', async () => {
    const endpoints = await pluginEndpoints();
    for (const [path, methods] of Object.entries(HTTP_ENDPOINTS)) {
      for (const method of methods) expect(endpoints, `${method} ${path}`).toContainEqual({ path, method });
    }
  });

  it('reaches Better Auth for the allowed endpoints', async () => {
    expect((await call('GET', '/get-session')).status).toBe(200);
    const cookie = await signIn('admin@acme.test');
    expect(await activeOrgOf(cookie)).toBe(ACME);
    expect((await call('POST', '/sign-out', { cookie })).status).toBe(200);
  });

  it('a wrong method on an allowed path answers 405 with Allow', async () => {
    const response = await call('GET', '/sign-in/email');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it("asking for another org's details or switching to it changes nothing: the session keeps its active org", async () => {
    const cookie = await signIn('admin@acme.test');
    const full = await call('GET', `/organization/get-full-organization?organizationId=${GLOBEX}`, { cookie });
    expect(full.status).toBe(404);
    const setActive = await call('POST', '/organization/set-active', { cookie, body: { organizationId: GLOBEX } });
    expect(setActive.status).toBe(404);
    expect(await activeOrgOf(cookie)).toBe(ACME);
  });

  it('update-user is closed: a rename goes through the profile action instead', async () => {
    const cookie = await signIn('member@acme.test');
    expect((await call('POST', '/update-user', { cookie, body: { name: 'Renamed Outside' } })).status).toBe(404);
  });
});
