// "Run summary task" on /inspector: from the click to the moment a summary fetched after the click is
// visible, on the page the click lands on or, if that one still shows the old figure, on reloads sent
// at once after it (given up waiting for the page after 1 s). Each run also records how long the
// click's POST (job and redirect render included) took, and how many reloads it took (0: the page the
// click landed on showed it).
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
      const clickedAt = new Date().toISOString();
      const started = performance.now();
      await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST'),
        page.getByTestId('run-summary-task').click(),
      ]);
      const posted = performance.now() - started;
      const landedFresh = await page
        .waitForFunction(
          (after) => (document.querySelector('[data-testid=summary-fetched-at]')?.textContent ?? '') > after,
          clickedAt,
          { timeout: 1000, polling: 'raf' },
        )
        .then(
          () => true,
          () => false,
        );
      let reads = 0;
      while (!landedFresh) {
        reads += 1;
        const html = await (await fetch(`${instance.url}/inspector`, { headers: { cookie } })).text();
        if ((fetchedAt(html, 'summary-fetched-at') ?? '') > clickedAt) break;
        if (performance.now() - started > 15_000) throw new Error('the summary was not refetched within 15 s');
      }
      latencies.push({ ms: performance.now() - started, postMs: posted, reads });
    }
    return latencies;
  } finally {
    await browser.close();
    await instance.stop();
  }
}
