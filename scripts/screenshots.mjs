// `node scripts/screenshots.mjs`: the README's screenshots (docs/screenshots/*.png). Needs a build
// (`npx next build`) and Chromium at /usr/bin/chromium (or CHROMIUM_PATH). Starts `next start` on a
// fresh embedded database (the demo seed), signs in as the Acme admin and saves one PNG per page.
// Not part of `npm test`. PORT picks the port (default 3199).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const port = Number(process.env.PORT ?? 3199);
const baseURL = `http://127.0.0.1:${port}`;
const outDir = join(process.cwd(), 'docs', 'screenshots');
const dataDir = mkdtempSync(join(tmpdir(), 'tally-screenshots-'));

const server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port)], {
  env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', TALLY_DATA_DIR: dataDir, TALLY_DEMO: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});

async function waitForHealth() {
  for (let attempt = 0; attempt < 240; attempt += 1) {
    if (server.exitCode !== null) throw new Error('next start exited; run `npx next build` first');
    try {
      if ((await fetch(`${baseURL}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Tally did not become healthy at ${baseURL}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  await waitForHealth();
  mkdirSync(outDir, { recursive: true });
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const shoot = async (name, options = {}) => {
    // Client-side reads (recent activity) have answered and the fonts are in. Not 'networkidle': the
    // comment thread polls, so the network never goes quiet on an invoice page.
    await page.waitForLoadState('load');
    await page.getByText('Loading…').first().waitFor({ state: 'detached' });
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: join(outDir, `${name}.png`), ...options });
    console.log(`docs/screenshots/${name}.png`);
  };

  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('admin@acme.test');
  await page.getByLabel('Password').fill('demo-password');
  await Promise.all([page.waitForURL('**/invoices'), page.getByRole('button', { name: 'Sign in' }).click()]);

  await page.getByTestId('dashboard-currency').first().waitFor();
  await shoot('dashboard');

  await page.getByRole('search', { name: 'Find invoices' }).evaluate((form) => window.scrollTo(0, form.offsetTop - 16));
  await shoot('invoice-list');

  // A sent invoice with a conversation: the newest that is partly paid.
  const { items } = await (await context.request.get('/api/invoices?status=sent')).json();
  const invoice = items.find((item) => item.paidCents > 0) ?? items[0];
  await page.goto(`/invoices/${invoice.id}`);
  await page.getByTestId('comment-thread').waitFor();
  await shoot('invoice');

  await page.goto(`/invoices/${invoice.id}/print?paper=letter`);
  await page.getByTestId('printable-invoice').waitFor();
  await shoot('print-view', { fullPage: true });

  await page.goto('/settings/organization');
  await shoot('org-settings');
  await context.close();
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
