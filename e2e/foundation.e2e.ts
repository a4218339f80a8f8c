import { expect as vitestExpect, describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';

const expect = vitestExpect;
const browser = useBrowser();

/** The newest draft: only drafts are editable (a sent invoice's lines are fixed). */
async function openFirstInvoice(page: Page): Promise<{ number: string; url: string }> {
  await page.goto('/invoices?status=draft');
  const link = page.locator('[data-testid=invoice-row] a').first();
  const number = (await link.textContent()) ?? '';
  await Promise.all([page.waitForURL('**/invoices/*'), link.click()]);
  await page.getByRole('button', { name: 'Save invoice' }).waitFor();
  return { number, url: page.url() };
}

async function rowTotal(page: Page, number: string) {
  return page.locator('[data-testid=invoice-row]', { hasText: number }).locator('[data-testid=invoice-total]').textContent();
}

describe('foundation in Chromium against next start', () => {
  it('signs in, edits an amount, lands on /invoices and sees the new total (with JavaScript)', async () => {
    const { context, page } = await browser.signedIn('admin@acme.test');
    const { number } = await openFirstInvoice(page);
    await page.fill('input[name="lines.0.quantity"]', '2');
    await page.fill('input[name="lines.0.unitPrice"]', '1234.50');
    // Blank out line 1 entirely: a blank row is dropped, a half-filled one is an error.
    for (const field of ['description', 'quantity', 'unitPrice', 'taxRate'])
      await page.locator(`input[name="lines.1.${field}"]`).fill('');
    await Promise.all([page.waitForURL(/\/invoices$/), page.getByRole('button', { name: 'Save invoice' }).click()]);
    // Other lines keep their amounts, so compare against the record page's total rather than a constant.
    const listed = await rowTotal(page, number);
    await page.locator('[data-testid=invoice-row] a', { hasText: number }).click();
    await page.waitForURL('**/invoices/*');
    expect(await page.getByTestId('invoice-record-total').textContent()).toBe(listed);
    expect(await page.locator('input[name="lines.0.unitPrice"]').inputValue()).toBe('1234.50');
    await context.close();
  });

  it('works without JavaScript: field errors keep what was typed, then a valid save redirects with the new total', async () => {
    const { context, page } = await browser.signedIn('owner@acme.test', { javaScriptEnabled: false });
    const { number } = await openFirstInvoice(page);
    await page.fill('input[name="customerEmail"]', 'not-an-email');
    await page.fill('input[name="lines.0.unitPrice"]', '12.345');
    await page.getByRole('button', { name: 'Save invoice' }).click();
    await page.getByText('Enter a valid email address.').waitFor();
    expect(await page.locator('input[name="customerEmail"]').inputValue()).toBe('not-an-email');
    expect(await page.locator('input[name="lines.0.unitPrice"]').inputValue()).toBe('12.345');
    await page.getByText(/Use an amount like/).waitFor();

    await page.fill('input[name="customerEmail"]', 'ap@customer.test');
    // Keep exactly one line so the expected total is known.
    for (let i = 1; i < (await page.getByTestId('line-item-row').count()); i += 1) {
      await page.fill(`input[name="lines.${i}.description"]`, '');
      await page.fill(`input[name="lines.${i}.quantity"]`, '');
      await page.fill(`input[name="lines.${i}.unitPrice"]`, '');
    }
    await page.fill('input[name="lines.0.quantity"]', '3');
    await page.fill('input[name="lines.0.unitPrice"]', '100.25');
    await page.getByRole('button', { name: 'Save invoice' }).click();
    await page.waitForURL(/\/invoices$/);
    expect(await rowTotal(page, number)).toBe('$300.75');
    await context.close();
  });

  it('shows the conflict screen to the second of two editors, with the current values and an overwrite', async () => {
    const first = await browser.signedIn('admin@acme.test');
    const second = await browser.signedIn('owner@acme.test');
    const { url } = await openFirstInvoice(first.page);
    await second.page.goto(url);
    await first.page.fill('input[name="customerName"]', 'First Editor Wins');
    await Promise.all([first.page.waitForURL(/\/invoices$/), first.page.getByRole('button', { name: 'Save invoice' }).click()]);

    await second.page.fill('input[name="customerName"]', 'Second Editor');
    await second.page.getByRole('button', { name: 'Save invoice' }).click();
    const panel = second.page.getByTestId('conflict-panel');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('First Editor Wins');
    expect(await second.page.locator('input[name="customerName"]').inputValue()).toBe('Second Editor');
    await Promise.all([
      second.page.waitForURL(/\/invoices$/),
      panel.getByRole('button', { name: 'Overwrite with my changes' }).click(),
    ]);
    await second.page.goto(url);
    expect(await second.page.getByTestId('invoice-customer').textContent()).toBe('Second Editor');
    await first.context.close();
    await second.context.close();
  });

  it('keeps tenants apart and gates by role', async () => {
    const acme = await browser.signedIn('admin@acme.test');
    const { url } = await openFirstInvoice(acme.page);
    const globex = await browser.signedIn('admin@globex.test');
    // Documents render in one pass (docs/decisions/012), so the not-found page comes with a real 404.
    expect((await globex.page.goto(url))?.status()).toBe(404);
    await globex.page.getByText('This page could not be found.').waitFor();
    expect(await globex.page.content()).not.toContain('invoice-record-total');
    const api = await globex.page.request.get(url.replace('/invoices/', '/api/invoices/'));
    expect(api.status()).toBe(404);
    expect(JSON.stringify(await api.json())).not.toContain('customerName');

    const member = await browser.signedIn('member@acme.test');
    await member.page.goto(url);
    await member.page.getByText('Only admins can edit').waitFor();
    expect(await member.page.getByRole('button', { name: 'Save invoice' }).count()).toBe(0);
    await member.page.goto('/invoices');
    await member.page.getByRole('link', { name: 'Archived', exact: true }).waitFor();
    expect(await member.page.getByRole('link', { name: 'All', exact: true }).count()).toBe(0);
    for (const session of [acme, globex, member]) await session.context.close();
  });

  it('switches the active organization from the header and signs out', async () => {
    const { context, page } = await browser.signedIn('pat@acme.test');
    await page.getByText('Acme', { exact: true }).waitFor();
    await page.getByTestId('org-switcher').selectOption({ label: 'Globex (member)' });
    await Promise.all([page.waitForURL(/\/invoices$/), page.getByRole('button', { name: 'Switch' }).click()]);
    await page.getByText('Globex', { exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Inspector' }).count()).toBe(0);
    await Promise.all([page.waitForURL('**/sign-in'), page.getByRole('button', { name: 'Sign out' }).click()]);
    // The proxy sends an anonymous page request to sign-in, naming the page to return to.
    await page.goto('/invoices');
    await page.waitForURL(/\/sign-in\?next=%2Finvoices$/);
    await context.close();
  });

  it('a page view is one request: no link prefetches the server would render for nobody (decision 032)', async () => {
    const { context, page } = await browser.signedIn('admin@acme.test');
    const prefetches: string[] = [];
    page.on('request', (request) => {
      if (request.headers()['next-router-prefetch']) prefetches.push(request.url());
    });
    for (const path of ['/invoices', '/customers', '/inspector']) await page.goto(path, { waitUntil: 'networkidle' });
    expect(prefetches).toEqual([]);
    // Navigation still works on the click, without a prefetched route.
    const link = page.locator('[data-testid=invoice-row] a').first();
    await page.goto('/invoices', { waitUntil: 'networkidle' });
    await Promise.all([page.waitForURL('**/invoices/*'), link.click()]);
    expect(prefetches).toEqual([]);
    await context.close();
  });

  it('paginates with keyset links in both directions', async () => {
    const { context, page } = await browser.signedIn('member@globex.test');
    const firstPage = await page.locator('[data-testid=invoice-row]').allTextContents();
    await Promise.all([page.waitForURL(/after=/), page.getByRole('link', { name: 'Older →' }).click()]);
    const secondPage = await page.locator('[data-testid=invoice-row]').allTextContents();
    expect(secondPage[0]).not.toBe(firstPage[0]);
    await Promise.all([page.waitForURL(/before=/), page.getByRole('link', { name: '← Newer' }).click()]);
    expect(await page.locator('[data-testid=invoice-row]').allTextContents()).toEqual(firstPage);
    await context.close();
  });
});
