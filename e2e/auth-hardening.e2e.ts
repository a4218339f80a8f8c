import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { serverReferences, type ServerReference } from './support/server-references';

/**
 * Against `next build && next start`: cached functions cannot be called as Server Actions, their ids
 * never reach a browser, and sign-in is throttled on the JSON endpoint and the form alike.
 */
const PASSWORD = 'demo-password';
const GLOBEX = 'org_globex';
const GLOBEX_ONLY_NAMES = ['Gus Owner', 'Grace Admin', 'Gil Member'];
let baseURL: string;
let references: ServerReference[];

beforeAll(() => {
  baseURL = inject('baseURL');
  references = serverReferences();
});

async function signInCookie(email: string): Promise<string> {
  const response = await fetch(`${baseURL}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

const decodeEntities = (html: string) => html.replaceAll('&quot;', '"').replaceAll('&#x27;', "'").replaceAll('&amp;', '&');

/** The hidden fields React renders into a `useActionState` form for posting it without JavaScript. */
async function noScriptFormFields(path: string, cookie = ''): Promise<[string, string][]> {
  const html = await (await fetch(`${baseURL}${path}`, { headers: { cookie } })).text();
  return [...html.matchAll(/<input type="hidden" name="(\$ACTION_[^"]+)"(?: value="([^"]*)")?/g)].map((m) => [
    m[1]!,
    decodeEntities(m[2] ?? ''),
  ]);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

describe("'use cache' functions are not Server Actions", () => {
  it('the build registers cached functions as server references (the reason for the guard)', () => {
    const cached = references.filter((r) => r.cached);
    expect(cached.map((r) => r.filename)).toContain('src/server/team/cached.ts');
    expect(cached.every((r) => r.exportedName.startsWith('$$RSC_SERVER_CACHE_'))).toBe(true);
    expect(references.filter((r) => !r.cached).every((r) => !r.exportedName.startsWith('$$RSC_SERVER_CACHE_'))).toBe(true);
  });

  it("calling one with another org's id from a signed-in session gets a 404 and none of its data", async () => {
    const cookie = await signInCookie('admin@acme.test');
    for (const { id } of references.filter((r) => r.cached)) {
      const response = await fetch(`${baseURL}/organizations`, {
        method: 'POST',
        headers: {
          cookie,
          origin: baseURL,
          'next-action': id,
          'content-type': 'text/plain;charset=UTF-8',
          accept: 'text/x-component',
        },
        body: JSON.stringify([GLOBEX, GLOBEX]),
      });
      const body = await response.text();
      expect(response.status, id).toBe(404);
      for (const name of GLOBEX_ONLY_NAMES) expect(body, id).not.toContain(name);
    }
  });

  it('naming one in a form post without JavaScript (bound to another org) is refused too', async () => {
    const cookie = await signInCookie('admin@acme.test');
    for (const { id } of references.filter((r) => r.cached)) {
      const form = new FormData();
      form.set('$ACTION_REF_1', '');
      form.set('$ACTION_1:0', JSON.stringify({ id, bound: '$@1' }));
      form.set('$ACTION_1:1', JSON.stringify([GLOBEX]));
      const response = await fetch(`${baseURL}/organizations`, {
        method: 'POST',
        headers: { cookie, origin: baseURL },
        body: form,
        redirect: 'manual',
      });
      const body = await response.text();
      expect(response.status, id).toBe(404);
      for (const name of GLOBEX_ONLY_NAMES) expect(body, id).not.toContain(name);
    }
  });

  it('no cached function id appears in any client chunk, prerendered page or served HTML', async () => {
    const cachedIds = references.filter((r) => r.cached).map((r) => r.id);
    expect(cachedIds.length).toBeGreaterThan(0);
    const builtFiles = [
      ...listFiles('.next/static'),
      ...listFiles('.next/server/app').filter((f) => /\.(html|rsc|body|meta|prefetch\.rsc)$/.test(f)),
    ];
    const leaks = builtFiles.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return cachedIds.filter((id) => text.includes(id)).map((id) => `${id} in ${file}`);
    });
    const cookie = await signInCookie('pat@acme.test');
    for (const path of ['/invoices', '/organizations', '/settings/team', '/settings/profile', '/inspector', '/sign-in']) {
      const html = await (await fetch(`${baseURL}${path}`, { headers: { cookie } })).text();
      leaks.push(...cachedIds.filter((id) => html.includes(id)).map((id) => `${id} in GET ${path}`));
    }
    expect(leaks).toEqual([]);
  });

  it('a real Server Action still goes through the guard (the no-JS sign-in form)', async () => {
    const form = new FormData();
    for (const [name, value] of await noScriptFormFields('/sign-in')) form.set(name, value);
    form.set('email', 'admin@acme.test');
    form.set('password', PASSWORD);
    const response = await fetch(`${baseURL}/sign-in`, {
      method: 'POST',
      headers: { origin: baseURL, referer: `${baseURL}/sign-in` },
      body: form,
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/\/invoices$/);
  });
});

describe('the sign-in throttle on a running server', () => {
  const victim = 'nobody@throttle.test';

  it('a rotating X-Forwarded-For does not reset the count; the endpoint answers 429 with Retry-After', async () => {
    const attempt = (n: number) =>
      fetch(`${baseURL}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:3000', 'x-forwarded-for': `203.0.113.${n}` },
        body: JSON.stringify({ email: victim, password: 'wrong-password' }),
      });
    for (let n = 1; n <= 5; n += 1) expect((await attempt(n)).status).toBe(401);
    const refused = await attempt(6);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await refused.json()).error.code).toBe('too_many_requests');
  });

  it('the form without JavaScript shows the same refusal', async () => {
    const form = new FormData();
    for (const [name, value] of await noScriptFormFields('/sign-in')) form.set(name, value);
    form.set('email', victim);
    form.set('password', 'wrong-password');
    const posted = await fetch(`${baseURL}/sign-in`, {
      method: 'POST',
      headers: { origin: baseURL, referer: `${baseURL}/sign-in` },
      body: form,
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    const page = await (await fetch(new URL(posted.headers.get('location')!, baseURL))).text();
    expect(page).toContain('Too many sign-in attempts');
  });
});
