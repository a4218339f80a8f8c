import { describe, expect, inject, it } from 'vitest';
import { useBrowser } from './support/browser';
import { actionIds, TallyClient } from './support/http-client';

/**
 * What curl, a crawler and a browser without JavaScript see (docs/decisions/012): real status codes
 * before any rendering, security headers on every response, and a CSP the pages actually satisfy.
 */
const browser = useBrowser();
const MISSING = 'ffffffff-ffff-4fff-8fff-ffffffffffff';

async function signedInClient(email: string): Promise<TallyClient> {
  const client = new TallyClient(inject('baseURL'));
  await client.signIn(actionIds().get('signIn') ?? '', email);
  return client;
}

async function firstInvoiceId(client: TallyClient): Promise<string> {
  return (JSON.parse((await client.get('/api/invoices')).body) as { items: { id: string }[] }).items[0]?.id ?? '';
}

describe('honest answers against next start', () => {
  it('an anonymous page request gets a 307 to sign-in with the page to return to, before any rendering', async () => {
    const anonymous = new TallyClient(inject('baseURL'));
    const answer = await anonymous.get('/invoices?view=archived');
    expect(answer.status).toBe(307);
    expect(answer.headers.get('location')).toBe('/sign-in?next=%2Finvoices%3Fview%3Darchived');
    expect((await anonymous.get('/settings/team')).headers.get('location')).toBe('/sign-in?next=%2Fsettings%2Fteam');
    expect((await anonymous.get('/sign-in')).status).toBe(200);
    expect((await anonymous.get('/api/invoices')).status).toBe(401);
  });

  it('a missing, malformed or foreign invoice answers 404 with the not-found UI, for curl and for browsers', async () => {
    const acme = await signedInClient('admin@acme.test');
    const globex = await signedInClient('admin@globex.test');
    const foreign = await firstInvoiceId(globex);
    for (const id of [MISSING, 'not-a-uuid', foreign]) {
      for (const accept of ['*/*', 'text/html,application/xhtml+xml']) {
        const answer = await acme.get(`/invoices/${id}`, { accept });
        expect(answer.status, `${id} with Accept ${accept}`).toBe(404);
        expect(answer.body).toContain('could not be found');
      }
    }
    expect((await acme.get(`/invoices/${await firstInvoiceId(acme)}`)).status).toBe(200);
  });

  it('an unknown page answers 404 with the not-found page in the HTML itself, inside the layout', async () => {
    const acme = await signedInClient('admin@acme.test');
    const answer = await acme.get('/no-such-page', { accept: 'text/html' });
    expect(answer.status).toBe(404);
    // What a browser without JavaScript shows: the document minus its scripts.
    const visible = answer.body.replace(/<script[^>]*>[\s\S]*?<\/script>/g, '');
    expect(visible).toContain('not yours to see');
    expect(visible).toContain('admin@acme.test');
  });

  it('an upper-case invoice URL is a permanent redirect to the canonical one', async () => {
    const acme = await signedInClient('admin@acme.test');
    const id = await firstInvoiceId(acme);
    for (const path of [
      `/invoices/${id.toUpperCase()}`,
      `/api/invoices/${id.toUpperCase()}`,
      `/api/invoices/${id.toUpperCase()}/comments?limit=5`,
    ]) {
      const answer = await acme.get(path);
      expect(answer.status, path).toBe(308);
      expect(answer.headers.get('location')).toBe(path.replace(id.toUpperCase(), id));
    }
  });

  it('every response carries the security headers; authenticated JSON is private, no-store', async () => {
    const acme = await signedInClient('admin@acme.test');
    const id = await firstInvoiceId(acme);
    for (const path of [
      '/invoices',
      `/invoices/${id}`,
      '/sign-in',
      '/api/invoices',
      `/api/invoices/${id}`,
      `/api/invoices/${id}/comments`,
      '/api/comments/recent',
      `/invoices/${MISSING}`,
    ]) {
      const { headers } = await acme.get(path);
      expect(headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(headers.get('referrer-policy'), path).toBe('same-origin');
      expect(headers.get('x-powered-by'), path).toBeNull();
      expect(headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      if (path.startsWith('/api/')) expect(headers.get('cache-control'), path).toBe('private, no-store');
      else expect(headers.get('content-security-policy'), path).toMatch(/script-src 'self' 'nonce-[\w+/=]+' 'strict-dynamic'/);
    }
  });

  it('the pages satisfy their CSP in Chromium: no violation while signing in, navigating, commenting and saving', async () => {
    const { context, page } = await browser.signedIn('admin@acme.test');
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) problems.push(message.text());
    });
    // The favicon included: Chromium asks for it on the first page and logs a console error if it is missing.
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto('/invoices');
    const link = page.locator('[data-testid=invoice-row] a').first();
    await Promise.all([page.waitForURL('**/invoices/*'), link.click()]);
    const body = `CSP check ${Date.now()}`;
    await page.getByRole('textbox', { name: 'Comment' }).fill(body);
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.getByText(body).first().waitFor();
    await page.reload();
    await page.getByText(body).first().waitFor();
    await page.locator('a[href="/invoices"]').first().click();
    await page.waitForURL(/\/invoices$/);
    await page.locator('[data-testid=invoice-row]').first().waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
