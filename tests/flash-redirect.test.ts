import { beforeEach, describe, expect, it, vi } from 'vitest';
import { afterSignInPath, tallyPagePath } from '@/lib/tally-paths';

/**
 * A form posted without JavaScript is sent back to the page it came from; that page is read from the
 * Referer, which a client controls. Only same-origin Tally pages may come out of it.
 */
const h = vi.hoisted(() => ({ headers: new Headers(), redirects: [] as string[] }));

vi.mock('next/headers', () => ({ headers: vi.fn(async () => h.headers) }));
vi.mock('next/navigation', () => ({
  redirect: vi.fn((url: string) => {
    h.redirects.push(url);
    throw Object.assign(new Error(`NEXT_REDIRECT;replace;${url};303;`), { digest: `NEXT_REDIRECT;replace;${url};303;` });
  }),
}));

const { sendBackWithoutJavaScript } = await import('@/server/flash');

const INVOICE = '/invoices/0a0a0a0a-0000-4000-8000-00000000000a';

async function sentBackTo(referer: string | null): Promise<string | null> {
  h.headers = new Headers({ host: 'tally.test', ...(referer === null ? {} : { referer }) });
  h.redirects = [];
  await sendBackWithoutJavaScript('invoice.update', { ok: false }, 'usr_admin_acme').catch(() => undefined);
  return h.redirects[0] ?? null;
}

beforeEach(() => {
  h.redirects = [];
});

describe('the no-JavaScript redirect back to the form', () => {
  it.each([
    ['//evil.example/x', 'http://tally.test//evil.example/x'],
    ['a backslash host', 'http://tally.test/\\evil.example/x'],
    ['another origin', 'https://evil.example/invoices'],
    ['another port', 'http://tally.test:8080/invoices'],
    ['a page Tally does not have', 'http://tally.test/admin'],
    ['an api path', 'http://tally.test/api/invoices'],
    ['javascript:', 'javascript:alert(1)'],
    ['no Referer', null],
    ['garbage', 'not a url'],
  ])('%s: no redirect (the state returns to the page instead)', async (_label, referer) => {
    expect(await sentBackTo(referer)).toBeNull();
  });

  it.each([
    ['http://tally.test/invoices', /^\/invoices\?flash=[\w-]{22}$/],
    [`http://tally.test${INVOICE}`, new RegExp(`^${INVOICE}\\?flash=[\\w-]{22}$`)],
    ['http://tally.test/invoices?view=archived&flash=old', /^\/invoices\?view=archived&flash=[\w-]{22}$/],
    ['http://tally.test/settings/team', /^\/settings\/team\?flash=[\w-]{22}$/],
  ])('%s: back to that page with a fresh flash', async (referer, expected) => {
    expect(await sentBackTo(referer)).toMatch(expected);
  });
});

describe('the allow-list of Tally pages', () => {
  it.each([
    '//evil.example',
    '/\\evil.example',
    'https://evil.example/',
    '/invoices/../api/x',
    '/INVOICES',
    'invoices',
    '',
    '/%2F%2Fevil.example',
  ])('%j is not a Tally page', (path) => {
    expect(tallyPagePath(path)).toBeNull();
  });

  it('sign-in sends only to Tally pages, never back to itself', () => {
    expect(afterSignInPath(INVOICE)).toBe(INVOICE);
    expect(afterSignInPath('//evil.example/x')).toBe('/invoices');
    expect(afterSignInPath('/sign-in?next=/sign-in')).toBe('/invoices');
    expect(afterSignInPath(undefined)).toBe('/invoices');
  });
});
