import { chromium, type Browser, type Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM, signIn } from '../support/browser';
import { formFields, PlainBrowser } from './plain-browser';

const cluster = inject('cluster');
const ORGS = [
  { id: 'org_acme', admin: 'admin@acme.test', name: 'Acme' },
  { id: 'org_globex', admin: 'admin@globex.test', name: 'Globex' },
] as const;
const STEPS = Number(process.env.COHERENCE_STEPS ?? 200);
const SEED = Number(process.env.COHERENCE_SEED ?? Date.now() % 1_000_000);
/** Steps written through Chromium with JavaScript, spread evenly; the others post forms over HTTP. */
const BROWSER_STEPS = Number(process.env.COHERENCE_BROWSER_STEPS ?? 10);

/** mulberry32: a small seeded generator, so a failing sequence can be replayed with COHERENCE_SEED. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const money = (cents: number) => `$${Math.trunc(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;

describe.skipIf('skipped' in cluster)('randomized coherence across instances and orgs', () => {
  if ('skipped' in cluster) return;
  const { instances, databaseUrl, proxy } = cluster;
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  let browser: Browser;
  const pages = new Map<string, Page>();
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    for (const org of ORGS) {
      const page = await (await browser.newContext({ baseURL: instances[0] })).newPage();
      await signIn(page, org.admin);
      pages.set(org.id, page);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await sql.end();
  });

  /** What Postgres says the inspector must show for an org: its target is the newest tax-free draft. */
  async function truth(orgId: string) {
    const [target] = await sql<{ number: number; total_cents: string; archived_at: Date | null }[]>`
      SELECT number, total_cents, archived_at FROM invoices i WHERE org_id = ${orgId} AND deleted_at IS NULL AND status = 'draft'
        AND NOT EXISTS (SELECT 1 FROM invoice_line_items l WHERE l.invoice_id = i.id AND l.tax_rate_bp <> 0)
      ORDER BY number DESC LIMIT 1`;
    const [summary] = await sql<{ invoice_count: number; total_cents: string }[]>`
      SELECT invoice_count, total_cents FROM org_invoice_summaries WHERE org_id = ${orgId}`;
    if (!target || !summary) throw new Error(`no ground truth for ${orgId}`);
    return {
      number: `INV-${target.number}`,
      recordTotal: money(Number(target.total_cents)),
      listTarget: target.archived_at ? 'not in the active list' : money(Number(target.total_cents)),
      summaryCount: String(summary.invoice_count),
      summaryAmount: money(Number(summary.total_cents)),
      archived: target.archived_at !== null,
    };
  }

  /** What an /inspector page shows (the HTML a reader got, so every value comes from one render). */
  function shown(html: string) {
    const text = (testId: string) => new RegExp(`data-testid="${testId}"[^>]*>([^<]*)<`).exec(html)?.[1]?.trim() ?? '';
    return {
      org: text('identity-org'),
      number: text('target-number'),
      recordTotal: text('record-total'),
      listTarget: text('list-target-amount'),
      summaryCount: text('summary-total-count'),
      summaryAmount: text('summary-total-amount'),
      summaryFetchedAt: text('summary-fetched-at'),
      actionErrors: [...html.matchAll(/data-testid="action-error"[^>]*>(.*?)<\/div>/g)].map((m) =>
        m[1]!.replace(/<[^>]+>/g, ' '),
      ),
    };
  }

  /** The write with JavaScript, in Chromium: the action's fetch, answered by the writer with the page it redirects to. */
  async function submitInBrowser(page: Page, instance: number, testId: string) {
    await page.goto(`${instances[instance]}/inspector`);
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByTestId(testId).click()]);
    await page.getByTestId('rendered-by').waitFor();
  }

  it('without JavaScript, the GET after the 303 lands on another instance and reads the write: Next awaits updateTags before it answers', async () => {
    const org = ORGS[0];
    const context = await browser.newContext({ baseURL: proxy, javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, org.admin);
    await page.goto(`${proxy}/inspector`);
    if (await page.getByTestId('restore-invoice').isEnabled()) {
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByTestId('restore-invoice').click(),
      ]);
    }
    const crossings: string[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await page.goto(`${proxy}/inspector`);
      const [post] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByTestId('edit-one-invoice').click(),
      ]);
      await page.getByTestId('rendered-by').waitFor();
      const expected = await truth(org.id);
      const renderedBy = (await page.getByTestId('rendered-by').textContent()) ?? '';
      if (renderedBy !== post.headers()['x-tally-instance'])
        crossings.push(`${post.headers()['x-tally-instance']} -> ${renderedBy}`);
      expect(await page.getByTestId('record-total').first().textContent()).toBe(expected.recordTotal);
      expect(await page.getByTestId('list-target-amount').first().textContent()).toBe(expected.listTarget);
    }
    expect(crossings.length).toBeGreaterThan(0);
    await context.close();
  });

  /** Milliseconds spent per phase and action, printed after the run: where a step's time goes. */
  const timings = new Map<string, number[]>();
  async function timed<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings.set(phase, [...(timings.get(phase) ?? []), performance.now() - started]);
    }
  }

  /**
   * One org's sequence of random steps. Each step: a write on one instance, then a read on each of the
   * other two, checked against Postgres. Without JavaScript the writer answers 303 and the first reader
   * renders the page it names, as a browser would; the next write posts the form the last read showed.
   */
  async function lane(org: (typeof ORGS)[number], steps: number, seed: number, violations: string[]) {
    const next = random(seed);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    const page = pages.get(org.id)!;
    const client = new PlainBrowser(await page.context().cookies());
    const browserEvery = Math.max(1, Math.ceil(steps / Math.max(1, Math.round(BROWSER_STEPS / ORGS.length))));
    let lastPage = await client.get(`${instances[0]}/inspector`);
    // Only this lane writes this org's target, so the truth after one step is the truth before the next.
    let before = await truth(org.id);
    for (let step = 0; step < steps; step += 1) {
      if (step > 0 && step % 500 === 0)
        console.log(`[coherence] ${org.name}: ${step} steps, ${violations.length} violations so far`);
      const writer = Math.floor(next() * 3);
      const readers = [0, 1, 2].filter((i) => i !== writer);
      if (next() < 0.5) readers.reverse();
      const action = pick(['edit', 'lifecycle', 'lifecycle', 'edit', 'job', 'flush'] as const);
      const testId =
        action === 'edit'
          ? 'edit-one-invoice'
          : action === 'lifecycle'
            ? before.archived
              ? 'restore-invoice'
              : 'archive-invoice'
            : action === 'job'
              ? 'run-summary-task'
              : 'flush-org';
      const inBrowser = step % browserEvery === 0;
      const label = `${org.name} step ${step}: ${testId} on instance-${writer + 1}${inBrowser ? ' (Chromium)' : ''}`;
      const startedAt = new Date().toISOString();
      let location = '/inspector';
      if (inBrowser) {
        await timed('write in Chromium', () => submitInBrowser(page, writer, testId));
      } else {
        let fields: [string, string][];
        try {
          fields = formFields(lastPage, testId);
        } catch (error) {
          violations.push(`${label}: the last page read cannot post it: ${String(error)}`);
          continue;
        }
        location = await timed(`write ${testId}`, () => client.submit(`${instances[writer]}/inspector`, fields));
        if (location !== '/inspector') violations.push(`${label}: the write was refused (redirected to ${location})`);
      }
      const expected = await timed('truth', () => truth(org.id));
      before = expected;
      for (const [index, reader] of readers.entries()) {
        const html = await timed(`read ${index + 1} after ${action}`, () =>
          client.get(`${instances[reader]}${index === 0 ? location : '/inspector'}`),
        );
        lastPage = html;
        const seen = shown(html);
        const where = `${label}, read ${index + 1} on instance-${reader + 1}`;
        if (seen.actionErrors.length > 0) violations.push(`${where}: action error ${seen.actionErrors.join(' / ')}`);
        if (seen.org !== org.name || seen.number !== expected.number)
          violations.push(`${where}: showed ${seen.org} ${seen.number}, expected ${org.name} ${expected.number}`);
        for (const field of ['recordTotal', 'listTarget', 'summaryCount', 'summaryAmount'] as const) {
          if (seen[field] !== expected[field]) violations.push(`${where}: ${field} ${seen[field]} ≠ ${expected[field]}`);
        }
        // The job only marks the summary stale, but the action that waited for it expires it: every read is fresh.
        if (action === 'job' && !(seen.summaryFetchedAt > startedAt))
          violations.push(`${where}: summary not refetched after the job`);
      }
    }
  }

  // The two orgs' lanes run side by side (their writes meet in the shared cache and the job queue); a
  // step is one form post and two page renders over HTTP, a few sampled steps write through Chromium.
  it(
    `reads every write fresh on other instances, never another org's data, and job results on the next read (${STEPS} random steps)`,
    { timeout: 60_000 + STEPS * 1_000 },
    async () => {
      console.log(`[coherence] seed ${SEED} (replay with COHERENCE_SEED=${SEED})`);
      const violations: string[] = [];
      const started = performance.now();
      const perLane = Math.ceil(STEPS / ORGS.length);
      await Promise.all(ORGS.map((org, index) => lane(org, perLane, SEED + index, violations)));
      const seconds = (performance.now() - started) / 1000;
      const phases = [...timings]
        .map(([phase, ms]) => `${phase}: ${ms.length} × ${(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(0)} ms`)
        .sort();
      console.log(
        `[coherence] ${perLane * ORGS.length} steps in ${ORGS.length} lanes on ${instances.length} instances: ` +
          `${seconds.toFixed(1)} s, ${violations.length} stale or wrong reads\n  ${phases.join('\n  ')}`,
      );
      expect(violations).toEqual([]);
    },
  );
});
