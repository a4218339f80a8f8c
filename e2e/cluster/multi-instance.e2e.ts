import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM, signIn } from '../support/browser';

const cluster = inject('cluster');
if ('skipped' in cluster) console.log(`[cluster] skipped: ${cluster.skipped}`);
const instances = 'instances' in cluster ? cluster.instances : [];
const proxy = 'proxy' in cluster ? cluster.proxy : '';

interface Observed {
  renderedBy: string;
  recordTotal: string;
  listTarget: string;
  summaryAmount: string;
  list: string;
  summary: string;
  record: string;
}

/** Loads /inspector on one instance and reads what it shows. */
async function inspect(page: Page, instance: number): Promise<Observed> {
  await page.goto(`${instances[instance - 1]}/inspector`);
  const text = (testId: string) =>
    page
      .getByTestId(testId)
      .first()
      .textContent()
      .then((value) => value ?? '');
  return {
    renderedBy: await text('rendered-by'),
    recordTotal: await text('record-total'),
    listTarget: await text('list-target-amount'),
    summaryAmount: await text('summary-total-amount'),
    list: await text('list-fetched-at'),
    summary: await text('summary-fetched-at'),
    record: await text('record-fetched-at'),
  };
}

/** Submits a form on /inspector (a test id, or a button's name) and waits for the page it redirects to. */
async function press(page: Page, target: string) {
  const button = /^[a-z-]+$/.test(target) ? page.getByTestId(target) : page.getByRole('button', { name: target });
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), button.click()]);
  await page.waitForURL('**/inspector');
  await page.getByTestId('rendered-by').waitFor();
}

const cents = (amount: string) => Math.round(Number(amount.replace(/[$,]/g, '')) * 100);

describe.skipIf('skipped' in cluster)('three instances sharing Postgres and the Redis cache', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    // Cookies ignore the port, so one signed-in context is signed in on every instance.
    const context = await browser.newContext({ baseURL: instances[0] });
    page = await context.newPage();
    await signIn(page, 'admin@acme.test');
    // Other files share these instances: start from an active target invoice.
    await page.goto(`${instances[0]}/inspector`);
    if (await page.getByTestId('restore-invoice').isEnabled()) await press(page, 'restore-invoice');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('serves consecutive requests through the proxy from different instances, all from one shared cache entry', async () => {
    const cookie = (await page.context().cookies(instances[0])).map((c) => `${c.name}=${c.value}`).join('; ');
    const seen = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await fetch(`${proxy}/inspector`, { headers: { cookie } });
      const html = await response.text();
      seen.push({
        instance: response.headers.get('x-tally-instance'),
        renderedBy: /data-testid="rendered-by">([^<]+)/.exec(html)?.[1],
        list: /data-testid="list-fetched-at">([^<]+)/.exec(html)?.[1],
      });
    }
    expect(new Set(seen.map((s) => s.instance)).size).toBe(3);
    expect(seen.map((s) => s.renderedBy)).toEqual(seen.map((s) => s.instance));
    expect(new Set(seen.map((s) => s.list)).size).toBe(1);
  });

  it('an edit on instance 1 is read fresh on instances 2 and 3 on the very next request', async () => {
    // Instances 2 and 3 hold the entries in their local layers before the edit.
    await inspect(page, 2);
    await inspect(page, 3);
    const before = await inspect(page, 1);
    await press(page, 'edit-one-invoice');
    const onTwo = await inspect(page, 2);
    expect(onTwo.renderedBy).toBe('instance-2');
    const edit = cents(onTwo.recordTotal) - cents(before.recordTotal);
    expect(edit).toBeGreaterThan(0);
    expect(onTwo.listTarget).toBe(onTwo.recordTotal);
    expect(cents(onTwo.summaryAmount) - cents(before.summaryAmount)).toBe(edit);
    expect(onTwo.list > before.list && onTwo.record > before.record && onTwo.summary > before.summary).toBe(true);
    const onThree = await inspect(page, 3);
    expect(onThree.renderedBy).toBe('instance-3');
    expect(onThree).toMatchObject({
      recordTotal: onTwo.recordTotal,
      listTarget: onTwo.listTarget,
      summaryAmount: onTwo.summaryAmount,
    });
    // Instance 3 reads the entries instance 2 wrote: one shared cache, not three.
    expect([onThree.list, onThree.record, onThree.summary]).toEqual([onTwo.list, onTwo.record, onTwo.summary]);
    expect(Number(await page.getByTestId('counter-redisHits').textContent())).toBeGreaterThan(0);
  });

  it('"Run summary task" on one instance: its redirect and the other instances read the recomputed summary', async () => {
    const before = await inspect(page, 1);
    await press(page, 'run-summary-task');
    // The POST's answer carries the redirect's render; the page shows it once the router has applied it.
    await page.waitForFunction(
      (old) => (document.querySelector('[data-testid=summary-fetched-at]')?.textContent ?? '') > old,
      before.summary,
      { timeout: 5000 },
    );
    const redirect = await page.getByTestId('summary-fetched-at').textContent();
    const [onTwo, onThree] = [await inspect(page, 2), await inspect(page, 3)];
    // One shared entry, computed on the redirect: the other instances read it, they do not recompute.
    expect([onTwo.summary, onThree.summary]).toEqual([redirect, redirect]);
    expect(onThree.summaryAmount).toBe(before.summaryAmount);
  });

  it('the misuse toggle shows its symptom without JavaScript: the redirect serves the list stale once, the next instances read it fresh', async () => {
    const context = await browser.newContext({ baseURL: instances[0], javaScriptEnabled: false });
    const noScript = await context.newPage();
    await signIn(noScript, 'admin@acme.test');
    await noScript.goto(`${instances[0]}/inspector`);
    await noScript.getByTestId('misuse-toggle').check();
    await press(noScript, 'Apply');
    const before = await inspect(noScript, 1);
    await press(noScript, 'edit-one-invoice');
    // The 303's GET lands on instance 1: the record is fresh, the list (revalidateTag 'max') is served once more.
    const record = await noScript.getByTestId('record-total').textContent();
    expect(cents(record ?? '')).toBeGreaterThan(cents(before.recordTotal));
    expect(await noScript.getByTestId('list-target-amount').textContent()).toBe(before.listTarget);
    await inspect(noScript, 2);
    const onThree = await inspect(noScript, 3);
    expect(onThree.listTarget).toBe(record);
    expect(onThree.list > before.list).toBe(true);
    await noScript.getByTestId('misuse-toggle').uncheck();
    await press(noScript, 'Apply');
    await context.close();
  });

  it('a flush on instance 2 refetches everything on instance 3, and every instance shows it in the shared log', async () => {
    const before = await inspect(page, 3);
    await page.goto(`${instances[1]}/inspector`);
    await press(page, 'flush-org');
    const onThree = await inspect(page, 3);
    expect(onThree.list > before.list && onThree.summary > before.summary && onThree.record > before.record).toBe(true);
    const rows = page.locator('[data-testid=invalidation-row]', { hasText: 'instance-2' });
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=invalidation-row]', { hasText: ':all' }).first().textContent()).toContain(
      'instance-2',
    );
  });
});
