import { expect as vitestExpect, describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';
import {
  cents,
  newRows,
  openInspector,
  readInspector,
  reloadInspector,
  settleInspector,
  submitAndRead,
  tagsOf,
  time,
  until,
  waitForHydration,
  type InspectorState,
  type LogRow,
} from './support/inspector';

const expect = vitestExpect;
const browser = useBrowser();

/** A signed-in session whose waits fail after 15 s, well inside the test timeout, with a useful error. */
async function signedIn(email: string, options: { javaScriptEnabled?: boolean } = {}) {
  const session = await browser.signedIn(email, options);
  session.context.setDefaultTimeout(15_000);
  return session;
}

const ADMIN = 'admin@acme.test';
const ACME = tagsOf('org_acme');
const EDIT_STEP_CENTS = 100;

const summaryOf = (rows: LogRow[]) => rows.map((row) => `${row.source} ${row.primitive} ${row.tag}`).sort();
const numberOf = (targetNumber: string | null) => Number(/^INV-(\d+)$/.exec(targetNumber ?? '')?.[1] ?? NaN);

/** Leaves the target active and the misuse switch off, whatever earlier tests did. */
async function prepareTarget(page: Page, state: InspectorState): Promise<InspectorState> {
  let current = state;
  if (current.misuseChecked) {
    await setMisuse(page, false);
    current = await readInspector(page);
  }
  if (current.restoreEnabled) current = await submitAndRead(page, 'restore-invoice', current);
  expect(current.targetId).toBeTruthy();
  expect(current.listTargetAmount).toBe(current.recordTotal);
  return current;
}

/** Flips the misuse checkbox with JavaScript (it submits on change) and checks it was saved. */
async function setMisuse(page: Page, on: boolean): Promise<void> {
  const box = page.getByTestId('misuse-toggle');
  if ((await box.isChecked()) !== on) {
    await waitForHydration(page, 'misuse-toggle');
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/inspector', {
      timeout: 10_000,
    });
    await (on ? box.check() : box.uncheck());
    // The action saved the flag before it redirected, so the response having arrived is enough.
    await posted;
  }
  expect((await reloadInspector(page)).misuseChecked).toBe(on);
}

/** What every invoice write (update, archive, restore, soft-delete) must show on its redirect render. */
function expectInvoiceWrite(before: InspectorState, after: InspectorState, invoiceId: string) {
  expect(time(after.listAt)).toBeGreaterThan(time(before.listAt));
  expect(time(after.summaryAt)).toBeGreaterThan(time(before.summaryAt));
  expect(summaryOf(newRows(before.log, after.log))).toEqual(
    summaryOf(
      [ACME.list, ACME.record(invoiceId), ACME.summary].map((tag) => ({
        source: 'action',
        primitive: 'updateTag',
        tag,
        key: '',
      })),
    ),
  );
}

async function invoiceRow(page: Page, path: string, number: number) {
  await page.goto(path);
  await page.getByRole('navigation', { name: 'Invoice views' }).waitFor();
  return page.locator(`[data-testid=invoice-row][data-number="${number}"]`);
}

describe('/inspector in Chromium against next start', () => {
  it('serves all three cached reads from the cache on a plain reload', async () => {
    const { context, page } = await signedIn(ADMIN);
    const first = await openInspector(page);
    for (const value of [first.listAt, first.summaryAt, first.recordAt]) time(value);
    for (let i = 0; i < 2; i += 1) {
      const again = await reloadInspector(page);
      expect({ list: again.listAt, summary: again.summaryAt, record: again.recordAt }).toEqual({
        list: first.listAt,
        summary: first.summaryAt,
        record: first.recordAt,
      });
    }
    await context.close();
  });

  it('shows who you are, and "Sign in as" switches to another demo user', async () => {
    const { context, page } = await signedIn(ADMIN);
    await openInspector(page);
    expect(await page.getByTestId('identity-email').textContent()).toBe(ADMIN);
    expect(await page.getByTestId('identity-role').textContent()).toBe('admin');
    expect(await page.getByTestId('identity-org').textContent()).toBe('Acme');

    await page.locator('#demo-user').selectOption('pat@acme.test');
    await page.getByRole('button', { name: 'Sign in as' }).click();
    await until(
      'the identity panel to show pat',
      async () => (await page.getByTestId('identity-email').textContent()) === 'pat@acme.test',
    );
    await page.reload();
    expect(await page.getByTestId('identity-email').textContent()).toBe('pat@acme.test');
    expect(await page.getByTestId('identity-role').textContent()).toBe('admin');
    expect(await page.getByTestId('identity-org').textContent()).toBe('Acme');
    expect(await page.getByTestId('viewer-email').textContent()).toContain('pat@acme.test');
    await context.close();
  });

  it('is not found for members', async () => {
    const { context, page } = await signedIn('member@acme.test');
    expect(await page.getByRole('link', { name: 'Inspector' }).count()).toBe(0);
    await page.goto('/inspector');
    await page.getByText('This page could not be found.').waitFor();
    expect(await page.getByTestId('list-fetched-at').count()).toBe(0);
    expect(await page.getByTestId('invalidation-log').count()).toBe(0);
    await context.close();
  });

  it('"Force updateTag from a Route Handler" shows the framework error and invalidates nothing', async () => {
    const { context, page } = await signedIn(ADMIN);
    await openInspector(page);
    const before = await settleInspector(page);
    const result = page.getByTestId('force-update-tag-result');
    expect((await result.textContent())?.trim()).toBe('');
    await waitForHydration(page, 'force-update-tag');
    await page.getByRole('button', { name: 'Force updateTag from a Route Handler' }).click();
    const message = await until('the route handler result', async () => (await result.textContent())?.trim());
    expect(message).toContain('updateTag can only be called from within a Server Action');

    const after = await reloadInspector(page);
    expect([after.listAt, after.summaryAt, after.recordAt]).toEqual([before.listAt, before.summaryAt, before.recordAt]);
    expect(newRows(before.log, after.log)).toEqual([]);
    await context.close();
  });

  it('"Edit one invoice" updates the record, list and summary on the redirect render and logs three updateTags', async () => {
    const { context, page } = await signedIn(ADMIN);
    const before = await prepareTarget(page, await openInspector(page));
    const id = before.targetId ?? '';
    const delta = (before.firstLineQuantity ?? NaN) * EDIT_STEP_CENTS;
    expect(delta).toBeGreaterThan(0);

    const after = await submitAndRead(page, 'edit-one-invoice', before);
    expect(page.url()).toMatch(/\/inspector$/);
    expectInvoiceWrite(before, after, id);
    expect(time(after.recordAt)).toBeGreaterThan(time(before.recordAt));
    expect(after.targetId).toBe(id);
    expect(after.targetNumber).toBe(before.targetNumber);
    expect(cents(after.recordTotal)).toBe(cents(before.recordTotal) + delta);
    expect(after.listTargetAmount).toBe(after.recordTotal);
    expect(cents(after.summaryAmount)).toBe(cents(before.summaryAmount) + delta);
    expect(after.summaryCount).toBe(before.summaryCount);

    const row = await invoiceRow(page, '/invoices', numberOf(after.targetNumber));
    expect(await row.getByTestId('invoice-total').textContent()).toBe(after.recordTotal);
    await context.close();
  });

  it('archive and restore move the invoice between views, update the summary count and log three updateTags each', async () => {
    const { context, page } = await signedIn(ADMIN);
    const before = await prepareTarget(page, await openInspector(page));
    const id = before.targetId ?? '';
    const number = numberOf(before.targetNumber);

    const archived = await submitAndRead(page, 'archive-invoice', before);
    expectInvoiceWrite(before, archived, id);
    expect(archived.targetId).toBe(id);
    expect(archived.summaryCount).toBe((before.summaryCount ?? NaN) - 1);
    expect(cents(archived.summaryAmount)).toBe(cents(before.summaryAmount) - cents(before.recordTotal));
    expect(archived.listTargetAmount).toBe('not in the active list');
    expect([archived.archiveEnabled, archived.restoreEnabled]).toEqual([false, true]);
    expect(await (await invoiceRow(page, '/invoices', number)).count()).toBe(0);
    const archivedRow = await invoiceRow(page, '/invoices?view=archived', number);
    expect(await archivedRow.count()).toBe(1);
    expect(await archivedRow.getByText('archived', { exact: true }).count()).toBe(1);

    const beforeRestore = await openInspector(page);
    const restored = await submitAndRead(page, 'restore-invoice', beforeRestore);
    expectInvoiceWrite(beforeRestore, restored, id);
    expect(restored.summaryCount).toBe(before.summaryCount);
    expect(restored.summaryAmount).toBe(before.summaryAmount);
    expect(restored.listTargetAmount).toBe(before.recordTotal);
    expect([restored.archiveEnabled, restored.restoreEnabled]).toEqual([true, false]);
    expect(await (await invoiceRow(page, '/invoices', number)).count()).toBe(1);
    expect(await (await invoiceRow(page, '/invoices?view=archived', number)).count()).toBe(0);
    await context.close();
  });

  it('soft-delete removes the invoice from the active list and the summary, and /invoices?view=all marks it deleted', async () => {
    const { context, page } = await signedIn(ADMIN);
    const before = await prepareTarget(page, await openInspector(page));
    const id = before.targetId ?? '';
    const number = numberOf(before.targetNumber);

    const deleted = await submitAndRead(page, 'soft-delete-invoice', before);
    expectInvoiceWrite(before, deleted, id);
    expect(deleted.summaryCount).toBe((before.summaryCount ?? NaN) - 1);
    expect(cents(deleted.summaryAmount)).toBe(cents(before.summaryAmount) - cents(before.recordTotal));
    // The target moves on to the next newest invoice that is not deleted.
    expect(deleted.targetId).not.toBe(id);
    expect(numberOf(deleted.targetNumber)).toBeLessThan(number);

    expect(await (await invoiceRow(page, '/invoices', number)).count()).toBe(0);
    const row = await invoiceRow(page, '/invoices?view=all', number);
    expect(await row.count()).toBe(1);
    expect(await row.getByText('deleted', { exact: true }).count()).toBe(1);
    await context.close();
  });

  it("editing invoice A refreshes A's record entry and leaves B's cached", async () => {
    const { context, page } = await signedIn(ADMIN);
    const before = await prepareTarget(page, await openInspector(page));
    const idA = before.targetId ?? '';
    await page.goto('/invoices');
    const hrefs = await Promise.all(
      (await page.locator('[data-testid=invoice-row] a').all()).map((link) => link.getAttribute('href')),
    );
    const hrefB = hrefs.find((href) => href && href !== `/invoices/${idA}`);
    expect(hrefB).toBeTruthy();

    const pageA = await context.newPage();
    const pageB = await context.newPage();
    const recordAt = async (target: Page) => target.getByTestId('record-fetched-at').textContent();
    await pageA.goto(`/invoices/${idA}`);
    await pageB.goto(hrefB ?? '');
    const [aBefore, bBefore] = [await recordAt(pageA), await recordAt(pageB)];
    // Both entries are cache hits before the edit, so an unchanged value after it means something.
    await Promise.all([pageA.reload(), pageB.reload()]);
    expect([await recordAt(pageA), await recordAt(pageB)]).toEqual([aBefore, bBefore]);

    const edited = await submitAndRead(page, 'edit-one-invoice', await openInspector(page));
    expect(edited.targetId).toBe(idA);

    await Promise.all([pageA.reload(), pageB.reload()]);
    expect(time(await recordAt(pageA))).toBeGreaterThan(time(aBefore));
    expect(await pageA.getByTestId('invoice-record-total').textContent()).toBe(edited.recordTotal);
    expect(await recordAt(pageB)).toBe(bBefore);
    await context.close();
  });

  it("keeps tenants apart: an edit in Acme leaves Globex's cached reads alone", async () => {
    const globex = await signedIn('admin@globex.test');
    const globexTimes = async () => ({
      list: await globex.page.getByTestId('list-fetched-at').textContent(),
      summary: await globex.page.getByTestId('summary-fetched-at').textContent(),
    });
    const initial = await globexTimes();
    await globex.page.reload();
    expect(await globexTimes()).toEqual(initial);

    const acme = await signedIn(ADMIN);
    const before = await prepareTarget(acme.page, await openInspector(acme.page));
    const edited = await submitAndRead(acme.page, 'edit-one-invoice', before);
    expect(time(edited.listAt)).toBeGreaterThan(time(before.listAt));

    // Globex's /inspector reads the same two entries: the tags Acme's edit expired never named them.
    const globexInspector = await openInspector(globex.page);
    expect({ list: globexInspector.listAt, summary: globexInspector.summaryAt }).toEqual(initial);
    expect(globexInspector.log.filter((row) => !row.tag.startsWith('org:org_globex:'))).toEqual([]);
    // And Globex's own /invoices page must not refetch them either.
    await globex.page.goto('/invoices');
    expect(await globexTimes(), "Globex's /invoices refetched its list/summary after a write in Acme").toEqual(initial);
    await acme.context.close();
    await globex.context.close();
  });

  it('misuse toggle: without JavaScript the redirect serves the stale list, fresh on the next reload; off again it is fresh at once', async () => {
    const js = await signedIn(ADMIN);
    const noJs = await signedIn(ADMIN, { javaScriptEnabled: false });
    try {
      await prepareTarget(js.page, await openInspector(js.page));
      await setMisuse(js.page, true);

      await openInspector(noJs.page);
      const before = await settleInspector(noJs.page);
      expect(before.misuseChecked).toBe(true);
      const id = before.targetId ?? '';
      const delta = (before.firstLineQuantity ?? NaN) * EDIT_STEP_CENTS;
      expect(delta).toBeGreaterThan(0);

      const stale = await submitAndRead(noJs.page, 'edit-one-invoice', before, { javaScript: false });
      // The list went through revalidateTag(tag, 'max'): this render still serves the old entry...
      expect(stale.listAt).toBe(before.listAt);
      expect(stale.listTargetAmount).toBe(before.listTargetAmount);
      // ...while the record and the summary went through updateTag and are fresh.
      expect(cents(stale.recordTotal)).toBe(cents(before.recordTotal) + delta);
      expect(time(stale.recordAt)).toBeGreaterThan(time(before.recordAt));
      expect(time(stale.summaryAt)).toBeGreaterThan(time(before.summaryAt));
      expect(cents(stale.summaryAmount)).toBe(cents(before.summaryAmount) + delta);
      expect(summaryOf(newRows(before.log, stale.log))).toEqual(
        summaryOf([
          { source: 'action', primitive: 'revalidateTag', tag: ACME.list, key: '' },
          { source: 'action', primitive: 'updateTag', tag: ACME.record(id), key: '' },
          { source: 'action', primitive: 'updateTag', tag: ACME.summary, key: '' },
        ]),
      );

      const reloaded = await reloadInspector(noJs.page);
      expect(time(reloaded.listAt)).toBeGreaterThan(time(before.listAt));
      expect(reloaded.listTargetAmount).toBe(stale.recordTotal);

      await openInspector(js.page);
      await setMisuse(js.page, false);
      const beforeFixed = await reloadInspector(noJs.page);
      expect(beforeFixed.misuseChecked).toBe(false);
      const fixed = await submitAndRead(noJs.page, 'edit-one-invoice', beforeFixed, { javaScript: false });
      expectInvoiceWrite(beforeFixed, fixed, id);
      expect(cents(fixed.recordTotal)).toBe(cents(beforeFixed.recordTotal) + delta);
      expect(fixed.listTargetAmount).toBe(fixed.recordTotal);
    } finally {
      await openInspector(js.page);
      await setMisuse(js.page, false);
      await js.context.close();
      await noJs.context.close();
    }
  });

  it('import: a bad row imports nothing; good rows land in the list at once and in the summary once the job ran', async () => {
    const { context, page } = await signedIn(ADMIN);
    await openInspector(page);
    const start = await settleInspector(page);

    await page
      .locator('#csv')
      .fill('Initrode Ltd, ap@initrode.test, 2026-12-31, 1200.00\nBroken Co, not-an-email, 2026-12-31, 10.00');
    await waitForHydration(page, 'import-invoices');
    await page.getByTestId('import-invoices').click();
    const error = page.locator('form:has(#csv) [data-testid=action-error]');
    await error.waitFor();
    expect(await error.textContent()).toContain('Line 2: email is not valid');
    const afterInvalid = await reloadInspector(page);
    expect(afterInvalid.targetNumber).toBe(start.targetNumber);
    expect([afterInvalid.listAt, afterInvalid.summaryAt, afterInvalid.summaryCount]).toEqual([
      start.listAt,
      start.summaryAt,
      start.summaryCount,
    ]);
    expect(newRows(start.log, afterInvalid.log)).toEqual([]);

    // The reload put the sample rows back in the textarea.
    const rows = (await page.locator('#csv').inputValue())
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.split(',').map((cell) => cell.trim()));
    expect(rows.length).toBe(2);
    const importedCents = rows.reduce((sum, row) => sum + Math.round(Number(row[3]) * 100), 0);

    // The newest invoice number before the import: every row above it is an imported one.
    const listBefore = await page.context().newPage();
    await listBefore.goto('/invoices');
    const newestBefore = Math.max(
      ...(await listBefore
        .locator('[data-testid=invoice-row]')
        .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-number'))))),
    );
    await listBefore.close();

    const imported = await submitAndRead(page, 'import-invoices', afterInvalid);
    expect(time(imported.listAt)).toBeGreaterThan(time(afterInvalid.listAt));
    expect(numberOf(imported.targetNumber)).toBeGreaterThan(numberOf(afterInvalid.targetNumber));
    const importRows = newRows(afterInvalid.log, imported.log);
    expect(summaryOf(importRows.filter((row) => row.source === 'action'))).toEqual([`action updateTag ${ACME.list}`]);
    expect(importRows.filter((row) => row.source !== 'action' && row.tag !== ACME.summary)).toEqual([]);
    // The import leaves the totals to the job: this render still has the old summary.
    expect([imported.summaryAt, imported.summaryCount]).toEqual([afterInvalid.summaryAt, afterInvalid.summaryCount]);

    await page.goto('/invoices');
    await page.getByRole('navigation', { name: 'Invoice views' }).waitFor();
    const fresh: string[] = [];
    for (const row of await page.locator('[data-testid=invoice-row]').all()) {
      if (Number(await row.getAttribute('data-number')) > newestBefore) {
        fresh.push(
          `${(await row.locator('td').nth(1).textContent())?.trim()} ${cents(await row.getByTestId('invoice-total').textContent())}`,
        );
      }
    }
    expect(fresh.sort()).toEqual(rows.map((row) => `${row[0]} ${Math.round(Number(row[3]) * 100)}`).sort());

    await openInspector(page);
    const reconciled = await until(
      'the summary to count the imported invoices',
      async () => {
        const state = await reloadInspector(page);
        return state.summaryCount === (afterInvalid.summaryCount ?? NaN) + rows.length ? state : null;
      },
      10_000,
      250,
    );
    expect(cents(reconciled.summaryAmount)).toBe(cents(afterInvalid.summaryAmount) + importedCents);
    expect(
      newRows(afterInvalid.log, reconciled.log)
        .filter((row) => row.source === 'job')
        .map((row) => `${row.primitive} ${row.tag}`),
    ).toEqual([`revalidateTag ${ACME.summary}`]);
    await context.close();
  });

  it('import without JavaScript: an invalid row shows its error and imports nothing', async () => {
    const { context, page } = await signedIn(ADMIN, { javaScriptEnabled: false });
    await openInspector(page);
    const before = await settleInspector(page);
    await page.locator('#csv').fill('Broken Co, not-an-email, 2026-12-31, 10.00');
    await Promise.all([
      page.waitForResponse(
        (r) => r.request().isNavigationRequest() && r.request().method() === 'GET' && new URL(r.url()).pathname === '/inspector',
      ),
      page.getByTestId('import-invoices').click(),
    ]);
    await page.getByTestId('invalidation-log').waitFor();
    expect(await page.locator('form:has(#csv) [data-testid=action-error]').allTextContents()).toEqual([
      expect.stringContaining('Line 1: email is not valid'),
    ]);
    const after = await readInspector(page);
    expect([after.targetNumber, after.listAt, after.summaryCount]).toEqual([
      before.targetNumber,
      before.listAt,
      before.summaryCount,
    ]);
    expect(newRows(before.log, after.log)).toEqual([]);
    await context.close();
  });

  it('"Run summary task" shows the fresh summary on its redirect: the job marks it stale, the waiting action expires it', async () => {
    const { context, page } = await signedIn(ADMIN);
    await openInspector(page);
    const before = await settleInspector(page);

    const ran = await submitAndRead(page, 'run-summary-task', before);
    expect(time(ran.summaryAt)).toBeGreaterThan(time(before.summaryAt));
    expect([ran.summaryCount, ran.summaryAmount]).toEqual([before.summaryCount, before.summaryAmount]);
    expect([ran.listAt, ran.recordAt]).toEqual([before.listAt, before.recordAt]);
    const rows = newRows(before.log, ran.log);
    expect(summaryOf(rows)).toEqual([`action updateTag ${ACME.summary}`, `job revalidateTag ${ACME.summary}`]);
    // Newest first: the job's mark went in before the action's expiry, which came after the job was done.
    expect(rows.map((row) => row.source)).toEqual(['action', 'job']);
    // The action waited for the queued job: the queue panel lists it as a completed run with a duration.
    const run = page.locator('[data-testid=job-run][data-queue="summary.recompute"][data-state=completed]').first();
    expect(await run.locator('td').last().textContent()).toMatch(/^\d+ ms$/);
    await context.close();
  });

  it('flushing the organization refreshes every read on the next render and logs the org-wide tag', async () => {
    const { context, page } = await signedIn(ADMIN);
    await openInspector(page);
    const before = await settleInspector(page);

    const flushed = await submitAndRead(page, 'flush-org', before);
    expect(time(flushed.listAt)).toBeGreaterThan(time(before.listAt));
    expect(time(flushed.summaryAt)).toBeGreaterThan(time(before.summaryAt));
    expect(time(flushed.recordAt)).toBeGreaterThan(time(before.recordAt));
    expect(summaryOf(newRows(before.log, flushed.log))).toEqual(
      summaryOf([ACME.all, ACME.list, ACME.summary].map((tag) => ({ source: 'action', primitive: 'updateTag', tag, key: '' }))),
    );
    await context.close();
  });
});
