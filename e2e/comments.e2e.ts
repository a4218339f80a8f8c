import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/browser';

const browser = useBrowser();
const POLL_MS = 10_000;
const BUSY_NUMBER = 'INV-1070';

async function openInvoice(page: Page, number: string): Promise<string> {
  await page.goto('/invoices');
  const link = page.locator('[data-testid=invoice-row] a', { hasText: number }).first();
  await Promise.all([page.waitForURL('**/invoices/*'), link.click()]);
  await page.getByTestId('comment-thread').waitFor();
  return page.url();
}

const thread = (page: Page) => page.getByTestId('comment');
const bodies = (page: Page) => page.locator('[data-testid=comment] p.whitespace-pre-wrap').allTextContents();
const commentBox = (page: Page) => page.getByRole('textbox', { name: 'Comment' });

function commentRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/comments') && request.method() === 'GET') seen.push(request);
  });
  return seen;
}

describe('comment thread in Chromium against next start', () => {
  it('shows a coworker’s comment within one poll interval, without a reload', async () => {
    const reader = await browser.signedIn('member@acme.test');
    const url = await openInvoice(reader.page, 'INV-1066');
    const writer = await browser.signedIn('admin@acme.test');
    await writer.page.goto(url);
    const text = `From the other tab ${Date.now()}`;
    await commentBox(writer.page).fill(text);
    await writer.page.getByRole('button', { name: 'Post comment' }).click();
    await writer.page.getByText(text).waitFor();
    const posted = Date.now();
    await reader.page.getByText(text).waitFor({ timeout: POLL_MS + 5_000 });
    expect(Date.now() - posted).toBeLessThan(POLL_MS + 5_000);
    expect(reader.page.url()).toBe(url);
    await reader.context.close();
    await writer.context.close();
  });

  it('shows a post before the server answers, then the stored row replaces it without duplicates', async () => {
    const { context, page } = await browser.signedIn('member@acme.test');
    await openInvoice(page, 'INV-1071');
    const countBefore = await page.getByTestId('comment-count').textContent();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/invoices/*', async (route) => {
      if (route.request().method() === 'POST') await held;
      await route.continue();
    });
    const text = `Optimistic ${Date.now()}`;
    await commentBox(page).fill(text);
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.getByText(text).waitFor({ timeout: 2_000 }); // the server has not answered yet
    release();
    await page.waitForFunction(
      (before) => document.querySelector('[data-testid=comment-count]')?.textContent !== before,
      countBefore,
    );
    await page.waitForTimeout(500);
    expect((await bodies(page)).filter((b) => b === text)).toHaveLength(1);
    const count = Number((await page.getByTestId('comment-count').textContent())?.split(' ')[0]);
    expect(count).toBe(Number(countBefore?.split(' ')[0]) + 1);
    await page.unroute('**/invoices/*');
    await context.close();
  });

  it('rolls a failed post back and shows the error', async () => {
    const { context, page } = await browser.signedIn('member@acme.test');
    await openInvoice(page, 'INV-1071');
    const before = await bodies(page);
    const text = `#fail on purpose ${Date.now()}`;
    await commentBox(page).fill(text);
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.getByTestId('comment-error').waitFor();
    expect(await page.getByTestId('comment-error').textContent()).toContain('could not be saved');
    expect(await bodies(page)).toEqual(before);
    expect(await commentBox(page).inputValue()).toBe(text);
    await context.close();
  });

  it('rejects an empty comment with a field error', async () => {
    const { context, page } = await browser.signedIn('member@acme.test');
    await openInvoice(page, 'INV-1071');
    await commentBox(page).fill('   ');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.getByText('Write something first.').waitFor();
    await context.close();
  });

  it('pages back through 240+ comments, reuses loaded pages, caps memory at 10 pages, and keeps them across a server re-render', async () => {
    const { context, page } = await browser.signedIn('member@acme.test');
    const url = await openInvoice(page, BUSY_NUMBER);
    expect(await thread(page).count()).toBe(20); // first page rendered by the server, no skeleton
    const requests = commentRequests(page);
    for (let loaded = 1; loaded < 4; loaded += 1) {
      await page.getByTestId('load-older').click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=comment]').length >= n, (loaded + 1) * 20);
    }
    expect(requests.filter((r) => r.url().includes('cursor='))).toHaveLength(3);

    // Scrolling back up and down again reuses the pages: nothing but (at most) a poll goes out.
    const fetchedBefore = requests.length;
    await page.mouse.wheel(0, -5000);
    await page.mouse.wheel(0, 5000);
    await page.waitForTimeout(1_000);
    expect(requests.length - fetchedBefore).toBeLessThanOrEqual(1);

    // Leave through a client-side link and come back: the server renders the page (and its first
    // page of comments) again, and the 80 comments already loaded stay.
    await Promise.all([page.waitForURL(/\/invoices$/), page.getByRole('link', { name: 'Invoices' }).click()]);
    await Promise.all([page.waitForURL(url), page.locator('[data-testid=invoice-row] a', { hasText: BUSY_NUMBER }).click()]);
    await page.getByTestId('comment-thread').waitFor();
    expect(await thread(page).count()).toBeGreaterThanOrEqual(80);

    for (let i = 0; i < 9; i += 1) {
      if (!(await page.getByTestId('load-older').isVisible())) break;
      await page.getByTestId('load-older').click();
      await page.waitForTimeout(300);
    }
    expect(await thread(page).count()).toBeLessThanOrEqual(200);
    await page.getByRole('button', { name: 'Show newer comments' }).waitFor();
    await context.close();
  });

  it('posts without JavaScript and shows the comment on the page', async () => {
    const { context, page } = await browser.signedIn('member@acme.test', { javaScriptEnabled: false });
    await page.goto('/invoices');
    await Promise.all([
      page.waitForURL('**/invoices/*'),
      page.locator('[data-testid=invoice-row] a', { hasText: 'INV-1067' }).click(),
    ]);
    const text = `No script ${Date.now()}`;
    await commentBox(page).fill(text);
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.getByText(text).waitFor();
    await commentBox(page).fill('');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.getByText('Write something first.').waitFor();
    await context.close();
  });

  it('keeps another organization out: 404 from the endpoint and no way to post', async () => {
    const acme = await browser.signedIn('member@acme.test');
    const url = await openInvoice(acme.page, 'INV-1066');
    const invoiceId = url.split('/').pop()!;
    const globex = await browser.signedIn('member@globex.test');
    const response = await globex.page.request.get(`/api/invoices/${invoiceId}/comments`);
    expect(response.status()).toBe(404);
    expect(await response.text()).not.toContain('authorName');

    // A tampered form on Globex's own invoice page, pointed at Acme's invoice.
    await openInvoice(globex.page, 'INV-');
    await globex.page
      .locator('input[name=invoiceId]')
      .evaluate((input, id) => ((input as HTMLInputElement).value = id), invoiceId);
    await commentBox(globex.page).fill('Cross-tenant attempt');
    await globex.page.getByRole('button', { name: 'Post comment' }).click();
    await globex.page.getByText('Invoice not found.').waitFor();
    await acme.page.reload();
    expect(await acme.page.getByText('Cross-tenant attempt').count()).toBe(0);
    await acme.context.close();
    await globex.context.close();
  });

  it('reuses the recent-activity cache when the panel mounts again', async () => {
    const { context, page } = await browser.signedIn('member@acme.test');
    const requests: string[] = [];
    page.on('request', (r) => r.url().includes('/api/comments/recent') && requests.push(r.url()));
    await page.goto('/invoices');
    await page.getByTestId('recent-comment').first().waitFor();
    expect(requests.length).toBeGreaterThan(0);
    const beforeRemount = requests.length;
    await page.locator('[data-testid=invoice-row] a').nth(3).click();
    await page.waitForURL('**/invoices/*');
    // The panel on the new page renders from the tab's cache at once, with no request of its own.
    await page.getByTestId('recent-comment').first().waitFor({ timeout: 1_000 });
    expect(requests.slice(beforeRemount), requests.join('\n')).toEqual([]);
    await context.close();
  });
});
