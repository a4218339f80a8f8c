import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, useBrowser } from './support/browser';

const browser = useBrowser();

/**
 * A signed-out visit to a Tally page goes to /sign-in?next=<page>; signing in lands on that page, with
 * and without JavaScript. A `next` that leaves Tally lands on the invoices instead.
 */
async function signedOutAt(javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page; invoicePath: string }> {
  const { context, page } = await browser.signedIn('admin@acme.test', { javaScriptEnabled });
  const href = await page.locator('[data-testid=invoice-row] a').first().getAttribute('href');
  await context.clearCookies();
  return { context, page, invoicePath: new URL(href ?? '', browser.baseURL()).pathname };
}

async function submitSignIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('sign-in returns to the page that asked for it', () => {
  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

    it(`an invoice link opened while signed out lands on that invoice after signing in (${mode})`, async () => {
      const { context, page, invoicePath } = await signedOutAt(javaScriptEnabled);
      await page.goto(invoicePath);
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect(new URL(page.url()).searchParams.get('next')).toBe(invoicePath);
      await Promise.all([page.waitForURL((url) => url.pathname === invoicePath), submitSignIn(page, 'admin@acme.test')]);
      await page.getByTestId('invoice-record-total').waitFor();
      await context.close();
    });

    it(`a wrong password keeps the way back; the next try lands there (${mode})`, async () => {
      const { context, page, invoicePath } = await signedOutAt(javaScriptEnabled);
      await page.goto(invoicePath);
      await submitSignIn(page, 'admin@acme.test', 'wrong-password');
      await page.getByText('That email and password do not match an account.').waitFor();
      await Promise.all([page.waitForURL((url) => url.pathname === invoicePath), submitSignIn(page, 'admin@acme.test')]);
      await context.close();
    });

    it(`a next that leaves Tally lands on the invoices (${mode})`, async () => {
      for (const next of ['//evil.example/invoices', 'https://evil.example/', '/api/invoices']) {
        const { context, page } = await signedOutAt(javaScriptEnabled);
        await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
        await Promise.all([page.waitForURL((url) => url.pathname === '/invoices'), submitSignIn(page, 'admin@acme.test')]);
        expect(new URL(page.url()).origin, next).toBe(new URL(browser.baseURL()).origin);
        await context.close();
      }
    });
  }
});
