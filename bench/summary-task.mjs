// "Run summary task" on /inspector: from the click event to the first frame that shows a summary fetched
// after it, on the page the click lands on or, if that one still shows the old figure, on reloads sent
// at once after it (given up waiting for the page after 1 s). Each run also records when the click's
// POST answered (the job done and the redirect's render begun), and how many reloads it took (0: the
// page the click landed on showed it). The browser's and this process's Date.now() read the same clock.
import { chromium } from 'playwright-core';
import { startInstances } from '../scripts/cluster/instances.mjs';
import { fetchedAt, signIn } from './support.mjs';

const BENCH_USER = 'bench@initech.test';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function benchSummaryTask({ firstPort, env, trials = 20 }) {
  const [instance] = await startInstances({ count: 1, firstPort, env });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const cookie = await signIn(instance.url, BENCH_USER, env.BETTER_AUTH_URL);
    const context = await browser.newContext({ baseURL: instance.url });
    await context.addCookies(
      cookie
        .split('; ')
        .map((pair) => ({ name: pair.split('=')[0], value: pair.slice(pair.indexOf('=') + 1), url: instance.url })),
    );
    const page = await context.newPage();
    const latencies = [];
    for (let trial = 0; trial < trials; trial += 1) {
      await page.goto('/inspector');
      // Timed from the click event in the page, not from the call to click(): Playwright first checks that
      // the button is visible, stable and enabled, some 130 ms here, which no person waits through.
      await page.getByTestId('run-summary-task').evaluate((button) => {
        button.addEventListener('click', () => (window.tallyClickedAt = Date.now()), { capture: true, once: true });
      });
      const [response] = await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST'),
        page.getByTestId('run-summary-task').click(),
      ]);
      const postedAt = Date.now();
      const clickedAt = await page.evaluate(() => window.tallyClickedAt);
      if (!clickedAt || response.status() !== 200) throw new Error(`the click posted nothing usable (${response.status()})`);
      const after = new Date(clickedAt).toISOString();
      // Checked on every animation frame and stamped in the page: the first frame that paints the fresh summary.
      const freshAt = await page
        .waitForFunction(
          (after) => (document.querySelector('[data-testid=summary-fetched-at]')?.textContent ?? '') > after && Date.now(),
          after,
          { timeout: 1000, polling: 'raf' },
        )
        .then(
          (handle) => handle.jsonValue(),
          () => undefined,
        );
      let reads = 0;
      let seenAt = freshAt;
      while (seenAt === undefined) {
        reads += 1;
        const html = await (await fetch(`${instance.url}/inspector`, { headers: { cookie } })).text();
        if ((fetchedAt(html, 'summary-fetched-at') ?? '') > after) seenAt = Date.now();
        else if (Date.now() - clickedAt > 15_000) throw new Error('the summary was not refetched within 15 s');
      }
      latencies.push({ ms: seenAt - clickedAt, postMs: postedAt - clickedAt, reads });
    }
    return latencies;
  } finally {
    await browser.close();
    await instance.stop();
  }
}
