import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('next/cache', () => import('./support/next-mocks').then((m) => m.nextCache));
vi.mock('next/headers', () => import('./support/next-mocks').then((m) => m.nextHeaders));
vi.mock('next/navigation', () => import('./support/next-mocks').then((m) => m.nextNavigation));

const { signIn } = await import('@/server/auth/actions');
const { callsOf, request, resetNext } = await import('./support/next-mocks');

/**
 * The sign-in form's `next` field: after signing in, the person lands on the page they asked for when
 * it is a Tally page on this origin, and on the invoices otherwise. A failed sign-in without
 * JavaScript goes back to the sign-in page with its `next` intact.
 */
const INVOICE = '/invoices/0b0f5a52-3c7e-4d2a-9111-222233334444';

async function signInWith(email: string, password: string, next?: string): Promise<unknown[][]> {
  const form = new FormData();
  form.set('email', email);
  form.set('password', password);
  if (next !== undefined) form.set('next', next);
  await signIn(null, form).catch((error: unknown) => {
    if (!String((error as { digest?: unknown }).digest).startsWith('NEXT_REDIRECT')) throw error;
  });
  return callsOf('redirect');
}

beforeEach(() => {
  resetNext('http://localhost/sign-in');
});

describe('sign-in lands on `next`', () => {
  it.each([
    [INVOICE, INVOICE],
    ['/customers?archived=1', '/customers?archived=1'],
    ['/settings/team', '/settings/team'],
    [undefined, '/invoices'],
    ['', '/invoices'],
    ['//evil.example/invoices', '/invoices'],
    ['https://evil.example/invoices', '/invoices'],
    ['/\\evil.example', '/invoices'],
    ['/api/invoices', '/invoices'],
    ['/sign-in?next=/customers', '/invoices'],
  ])('next=%j redirects to %j', async (next, target) => {
    expect(await signInWith('admin@acme.test', 'demo-password', next)).toEqual([[target]]);
  });

  it('a failed sign-in with JavaScript returns the error and redirects nowhere', async () => {
    const form = new FormData();
    form.set('email', 'member@globex.test');
    form.set('password', 'wrong-password');
    form.set('next', INVOICE);
    expect(await signIn(null, form)).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(callsOf('redirect')).toEqual([]);
  });

  it('a failed sign-in without JavaScript goes back to the sign-in page, keeping `next`', async () => {
    request.plainPost = true;
    request.referer = `http://localhost/sign-in?next=${encodeURIComponent(INVOICE)}`;
    const [[target]] = (await signInWith('member@globex.test', 'wrong-password', INVOICE)) as [[string]];
    const url = new URL(target, 'http://localhost');
    expect(url.pathname).toBe('/sign-in');
    expect(url.searchParams.get('next')).toBe(INVOICE);
    expect(url.searchParams.get('flash')).toMatch(/^[\w-]{22}$/);
  });
});
