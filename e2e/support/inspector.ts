import type { Page } from 'playwright-core';

/** Tag strings as src/server/cache/tags.ts builds them (kept literal here on purpose: the test pins the format). */
export const tagsOf = (orgId: string) => ({
  list: `org:${orgId}:invoices:list`,
  summary: `org:${orgId}:invoices:summary`,
  all: `org:${orgId}:all`,
  record: (invoiceId: string) => `org:${orgId}:invoice:${invoiceId}`,
});

export interface LogRow {
  source: string;
  primitive: string;
  tag: string;
  /** The row's whole text (time to the millisecond, source, primitive, tag, instance): identifies a row. */
  key: string;
}

/** Everything /inspector shows, read in one go so that all values come from the same render. */
export interface InspectorState {
  listAt: string | null;
  summaryAt: string | null;
  recordAt: string | null;
  targetNumber: string | null;
  targetId: string | null;
  /** Quantity of the target's first line: "Edit one invoice" adds $1.00 to its unit price. */
  firstLineQuantity: number | null;
  recordTotal: string | null;
  listTargetAmount: string | null;
  summaryCount: number | null;
  summaryAmount: string | null;
  archiveEnabled: boolean;
  restoreEnabled: boolean;
  misuseChecked: boolean | null;
  actionErrors: string[];
  log: LogRow[];
}

// A string, not a function: the test transpiler may inject helpers a serialized function cannot see.
const SNAPSHOT = `(() => {
  const q = (id) => document.querySelector('[data-testid="' + id + '"]');
  const text = (id) => { const el = q(id); return el ? (el.textContent ?? '').trim() : null; };
  const edit = q('edit-one-invoice');
  const form = edit ? edit.closest('form') : null;
  const idInput = form ? form.querySelector('input[name="id"]') : null;
  const qtyInput = form ? form.querySelector('input[name="lines.0.quantity"]') : null;
  const count = text('summary-total-count');
  const misuse = q('misuse-toggle');
  return {
    listAt: text('list-fetched-at'),
    summaryAt: text('summary-fetched-at'),
    recordAt: text('record-fetched-at'),
    targetNumber: text('target-number'),
    targetId: idInput ? idInput.value : null,
    firstLineQuantity: qtyInput ? Number(qtyInput.value) : null,
    recordTotal: text('record-total'),
    listTargetAmount: text('list-target-amount'),
    summaryCount: count === null ? null : Number(count),
    summaryAmount: text('summary-total-amount'),
    archiveEnabled: !!q('archive-invoice') && !q('archive-invoice').disabled,
    restoreEnabled: !!q('restore-invoice') && !q('restore-invoice').disabled,
    misuseChecked: misuse ? misuse.checked : null,
    actionErrors: Array.from(document.querySelectorAll('[data-testid="action-error"]')).map((el) => (el.textContent ?? '').trim()),
    log: Array.from(document.querySelectorAll('[data-testid="invalidation-row"]')).map((tr) => ({
      source: tr.getAttribute('data-source'),
      primitive: tr.getAttribute('data-primitive'),
      tag: tr.getAttribute('data-tag'),
      key: Array.from(tr.children).map((td) => (td.textContent ?? '').trim()).join('|'),
    })),
  };
})()`;

export async function readInspector(page: Page): Promise<InspectorState> {
  await page.getByTestId('invalidation-log').waitFor();
  return (await page.evaluate(SNAPSHOT)) as InspectorState;
}

export async function openInspector(page: Page): Promise<InspectorState> {
  await page.goto('/inspector');
  return readInspector(page);
}

export async function reloadInspector(page: Page): Promise<InspectorState> {
  await page.reload();
  return readInspector(page);
}

/**
 * The rows at the top of `after` that `before` did not have. The log is newest first and capped, so
 * `after` is (new rows) followed by a prefix of `before`: find the shortest such head.
 */
export function newRows(before: LogRow[], after: LogRow[]): LogRow[] {
  for (let head = 0; head < after.length; head += 1) {
    if (after.slice(head).every((row, index) => before[index]?.key === row.key)) return after.slice(0, head);
  }
  return after;
}

/** "$1,234.50" -> 123450 */
export function cents(text: string | null): number {
  const match = /^(-)?\$([\d,]+)\.(\d{2})$/.exec((text ?? '').trim());
  if (!match) throw new Error(`Not an amount: ${JSON.stringify(text)}`);
  const value = Number((match[2] ?? '').replaceAll(',', '')) * 100 + Number(match[3]);
  return match[1] ? -value : value;
}

export const time = (iso: string | null) => {
  const date = new Date(iso ?? 'invalid');
  if (Number.isNaN(date.getTime())) throw new Error(`Not an ISO timestamp: ${JSON.stringify(iso)}`);
  return date.getTime();
};

/**
 * Waits until React has hydrated the element with this test id. Before that, a click on a JavaScript-
 * only control (a checkbox that submits on change, a button with an onClick) does nothing, and a submit
 * button posts the form natively, which would test the no-JavaScript path instead.
 */
export async function waitForHydration(page: Page, testId: string): Promise<void> {
  const probe = `(() => { const el = document.querySelector(${JSON.stringify(`[data-testid="${testId}"]`)}); return !!el && Object.keys(el).some((key) => key.startsWith('__reactFiber')); })()`;
  await until(`React to hydrate ${testId}`, async () => (await page.evaluate(probe)) as boolean, 10_000, 50);
}

/** Polls `probe` until it returns something truthy; fails with `what` and the last value seen. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Clicks an inspector button whose action writes to the invalidation log, and returns the state of the
 * render that action produced. With JavaScript the redirect arrives in the action's response (same
 * URL), so "rendered" means: the log (read uncached on every render) has new rows. Without JavaScript
 * the browser follows the 303 with a GET: wait for that document, then read it.
 */
export async function submitAndRead(
  page: Page,
  testId: string,
  before: InspectorState,
  { javaScript = true } = {},
): Promise<InspectorState> {
  if (javaScript) {
    await waitForHydration(page, testId);
    await page.getByTestId(testId).click();
  } else {
    await Promise.all([
      page.waitForResponse(
        (r) => r.request().isNavigationRequest() && r.request().method() === 'GET' && new URL(r.url()).pathname === '/inspector',
      ),
      page.getByTestId(testId).click(),
    ]);
    await page.waitForLoadState('load');
  }
  return until(`the render after clicking ${testId}`, async () => {
    const state = await readInspector(page);
    if (state.actionErrors.length > 0) throw new Error(`${testId} failed: ${state.actionErrors.join(' / ')}`);
    return newRows(before.log, state.log).length > 0 ? state : null;
  });
}

/**
 * Reloads until two consecutive renders show the same fetch times: any entry left stale by an earlier
 * eventual invalidation has been served once and rebuilt, so the next render is a plain cache hit.
 */
export async function settleInspector(page: Page): Promise<InspectorState> {
  let previous = await reloadInspector(page);
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const current = await reloadInspector(page);
    if (current.listAt === previous.listAt && current.summaryAt === previous.summaryAt && current.recordAt === previous.recordAt)
      return current;
    previous = current;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The inspector fetch times never settled.');
}
