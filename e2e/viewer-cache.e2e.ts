import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './support/server';

/**
 * The cached viewer (docs/decisions/016) over plain HTTP on its own server with TALLY_BENCH=1, which
 * serves the query counter: a warm signed-in page reads no row, and a session that ended is refused
 * on its very next request.
 */
let server: RunningServer;
beforeAll(async () => {
  server = await startServer(Number(process.env.E2E_PORT ?? 3210) + 1, { TALLY_BENCH: '1', TALLY_WORKER: '0' });
});
afterAll(async () => server?.stop());

async function signIn(email: string): Promise<string> {
  const response = await fetch(`${server.url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ email, password: 'demo-password' }),
  });
  expect(response.status).toBe(200);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

const authPost = (path: string, cookie: string, body: object = {}) =>
  fetch(`${server.url}/api/auth${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url, cookie },
    body: JSON.stringify(body),
  });

/** Who the page header says is signed in, or null. */
async function signedInAs(path: string, cookie: string): Promise<string | null> {
  const html = await (await fetch(`${server.url}${path}`, { headers: { cookie } })).text();
  return /data-testid="viewer-email">([^<]+)/.exec(html)?.[1] ?? null;
}

const counter = async (): Promise<{ queries: number; viewerCache: boolean }> =>
  (await fetch(`${server.url}/api/bench/queries`)).json();

describe('the cached viewer', () => {
  it('serves warm signed-in list and invoice pages without a single database query', async () => {
    // False when auth.ts stops installing viewerCacheSessionHooks: the viewer is then read per request.
    expect((await counter()).viewerCache).toBe(true);
    const cookie = await signIn('admin@acme.test');
    const list = await (await fetch(`${server.url}/invoices`, { headers: { cookie } })).text();
    const invoicePath = /href="(\/invoices\/[0-9a-f-]{36})"/.exec(list)?.[1];
    expect(invoicePath).toBeDefined();
    // The invoice page adds the record, the comment count and the thread's first page to the list's reads.
    await signedInAs(invoicePath!, cookie);
    const warm = (await counter()).queries;
    for (let i = 0; i < 5; i += 1) {
      expect(await signedInAs('/invoices', cookie)).toBe('admin@acme.test');
      expect(await signedInAs(invoicePath!, cookie)).toBe('admin@acme.test');
    }
    expect((await counter()).queries - warm).toBe(0);
  });

  it('refuses a signed-out session replayed on its next request', async () => {
    const cookie = await signIn('member@acme.test');
    expect(await signedInAs('/invoices', cookie)).toBe('member@acme.test');
    expect((await authPost('/sign-out', cookie)).status).toBe(200);
    expect(await signedInAs('/invoices', cookie)).toBeNull();
  });

  it('refuses a session revoked from another session on its next request, and keeps the revoking one', async () => {
    const revoked = await signIn('member@globex.test');
    const keeper = await signIn('member@globex.test');
    expect(await signedInAs('/invoices', revoked)).toBe('member@globex.test');
    expect((await authPost('/revoke-other-sessions', keeper)).status).toBe(200);
    expect(await signedInAs('/invoices', revoked)).toBeNull();
    expect(await signedInAs('/invoices', keeper)).toBe('member@globex.test');
  });

  it('ignores a session cookie whose signature is not ours', async () => {
    const cookie = await signIn('owner@acme.test');
    const forged = cookie.replace(/(session_token=[^.;]+\.)[^;]+/, (_match, token: string) => `${token}${'A'.repeat(43)}=`);
    expect(forged).not.toBe(cookie);
    expect(await signedInAs('/invoices', forged)).toBeNull();
  });
});
