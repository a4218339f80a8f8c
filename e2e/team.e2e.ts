import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';

const browser = useBrowser();

/** The newest draft: only drafts are editable (a sent invoice's lines are fixed). */
async function openFirstInvoice(page: Page): Promise<string> {
  await page.goto('/invoices?status=draft');
  const link = page.locator('[data-testid=invoice-row] a').first();
  await Promise.all([page.waitForURL('**/invoices/*'), link.click()]);
  await page.getByRole('button', { name: 'Save invoice' }).waitFor();
  return page.url();
}

/** The invoice as the database has it, read by someone still allowed to (the JSON API is uncached per request auth). */
async function customerOf(page: Page, invoiceUrl: string): Promise<string> {
  const response = await page.request.get(invoiceUrl.replace('/invoices/', '/api/invoices/'));
  expect(response.status()).toBe(200);
  return (await response.json()).customerName;
}

const rosterRow = (page: Page, email: string) => page.locator(`[data-testid=roster-row][data-email="${email}"]`);

async function changeRole(page: Page, email: string, role: string) {
  await page.goto('/settings/team');
  const row = rosterRow(page, email);
  await row.getByTestId('role-select').selectOption(role);
  await row.getByRole('button', { name: 'Change role' }).click();
  await row
    .getByTestId('member-role')
    .filter({ hasText: new RegExp(`^${role}$`) })
    .waitFor();
}

async function addNow(page: Page, email: string, role: string) {
  await page.goto('/settings/team');
  await page.getByLabel('Email').fill(email);
  await page.locator('select#role').selectOption(role);
  await page.getByRole('button', { name: 'Add now' }).click();
  await rosterRow(page, email).waitFor();
}

const switcherOptions = (page: Page) => page.locator('[data-testid=org-switcher] option').allTextContents();

describe('team management in Chromium against next start', () => {
  it("a removed member's next Server Action and next navigation are refused, and nothing is written", async () => {
    const owner = await browser.signedIn('owner@acme.test');
    const removed = await browser.signedIn('admin@acme.test');
    const invoiceUrl = await openFirstInvoice(removed.page);
    const before = await customerOf(owner.page, invoiceUrl);

    await owner.page.goto('/settings/team');
    await rosterRow(owner.page, 'admin@acme.test').getByRole('button', { name: 'Remove' }).click();
    await rosterRow(owner.page, 'admin@acme.test').waitFor({ state: 'detached' });

    // The page they already have open still shows the form; its Server Action is refused.
    await removed.page.fill('input[name="customerName"]', 'Written After Removal');
    await removed.page.getByRole('button', { name: 'Save invoice' }).click();
    await removed.page.getByText('You are not a member of any organization.').waitFor();
    expect(await customerOf(owner.page, invoiceUrl)).toBe(before);

    // Their next navigation: no org's pages, and the org's resources answer 404.
    await removed.page.goto(invoiceUrl);
    await removed.page.waitForURL('**/organizations');
    await removed.page.getByText('You are not a member of any organization.').waitFor();
    expect((await removed.page.request.get(invoiceUrl.replace('/invoices/', '/api/invoices/'))).status()).toBe(404);

    // Put the seed back for the other tests, through the team page's "Add now".
    await addNow(owner.page, 'admin@acme.test', 'admin');
    expect(await rosterRow(owner.page, 'admin@acme.test').getByTestId('member-role').textContent()).toBe('admin');
    await owner.context.close();
    await removed.context.close();
  });

  it("a demoted admin's next edit is refused (403) though their open page still shows the admin buttons", async () => {
    const owner = await browser.signedIn('owner@acme.test');
    const admin = await browser.signedIn('admin@acme.test');
    const invoiceUrl = await openFirstInvoice(admin.page);
    const before = await customerOf(owner.page, invoiceUrl);

    await changeRole(owner.page, 'admin@acme.test', 'member');

    expect(await admin.page.getByTestId('invoice-archive').count()).toBe(1);
    await admin.page.fill('input[name="customerName"]', 'Written After Demotion');
    await admin.page.getByRole('button', { name: 'Save invoice' }).click();
    await admin.page.getByText('Only an admin or above can do that.').waitFor();
    expect(await customerOf(owner.page, invoiceUrl)).toBe(before);
    const api = await admin.page.request.get('/api/invoices');
    expect(api.status()).toBe(200); // still a member: reads go on…
    await admin.page.goto(invoiceUrl);
    await admin.page.getByText('Only admins can edit').waitFor(); // …and the next render drops the buttons
    expect(await admin.page.getByRole('button', { name: 'Save invoice' }).count()).toBe(0);

    await changeRole(owner.page, 'admin@acme.test', 'admin');
    await owner.context.close();
    await admin.context.close();
  });

  it("a role change shows on the team page and in the affected user's org switcher on their next render", async () => {
    const pat = await browser.signedIn('pat@acme.test');
    expect(await switcherOptions(pat.page)).toContain('Globex (member)');
    const owner = await browser.signedIn('owner@globex.test');

    await changeRole(owner.page, 'pat@acme.test', 'admin');

    await pat.page.reload();
    expect(await switcherOptions(pat.page)).toContain('Globex (admin)');
    // Pat works in Acme: only their own memberships entry changed, Acme's role shows as before.
    expect(await switcherOptions(pat.page)).toContain('Acme (admin)');

    await changeRole(owner.page, 'pat@acme.test', 'member');
    await pat.page.reload();
    expect(await switcherOptions(pat.page)).toContain('Globex (member)');
    await pat.context.close();
    await owner.context.close();
  });

  it("an invitation is accepted from the invitee's own session; a rename reaches every member's switcher", async () => {
    const owner = await browser.signedIn('owner@acme.test');
    const invitee = await browser.signedIn('member@globex.test');
    const pat = await browser.signedIn('pat@acme.test');

    await owner.page.goto('/settings/team');
    await owner.page.getByLabel('Email').fill('member@globex.test');
    await owner.page.getByRole('button', { name: 'Send invitation' }).click();
    await owner.page.getByTestId('org-invitations').getByText('member@globex.test').waitFor();

    await invitee.page.reload();
    expect(await invitee.page.getByTestId('invitation-count').textContent()).toBe('1');
    await invitee.page.getByTestId('organizations-link').click();
    await invitee.page.getByText('Acme invites you as member').waitFor();
    await Promise.all([invitee.page.waitForURL(/\/invoices$/), invitee.page.getByRole('button', { name: 'Accept' }).click()]);
    await invitee.page.getByText('Acme', { exact: true }).waitFor();
    expect(await switcherOptions(invitee.page)).toContain('Acme (member)');
    await owner.page.goto('/settings/team');
    expect(await rosterRow(owner.page, 'member@globex.test').getByTestId('member-role').textContent()).toBe('member');

    await owner.page.goto('/settings/organization');
    await owner.page.getByRole('textbox', { name: 'Organization name' }).fill('Acme Worldwide');
    await owner.page.getByRole('button', { name: 'Save settings' }).click();
    await owner.page.getByText('Acme Worldwide ·').waitFor();
    for (const [page, role] of [
      [invitee.page, 'member'],
      [pat.page, 'admin'],
    ] as const) {
      await page.reload();
      expect(await switcherOptions(page)).toContain(`Acme Worldwide (${role})`);
    }

    await owner.page.getByRole('textbox', { name: 'Organization name' }).fill('Acme');
    await owner.page.getByRole('button', { name: 'Save settings' }).click();
    await owner.page.getByText('Acme ·').waitFor();
    await invitee.page.goto('/organizations');
    const acmeRow = invitee.page.getByTestId('my-memberships').locator('li', { hasText: 'Acme' });
    await Promise.all([invitee.page.waitForURL('**/organizations'), acmeRow.getByRole('button', { name: 'Leave' }).click()]);
    await acmeRow.waitFor({ state: 'detached' });
    for (const session of [owner, invitee, pat]) await session.context.close();
  });

  it('works without JavaScript: a refused add comes back with the field error and what was typed', async () => {
    const owner = await browser.signedIn('owner@acme.test', { javaScriptEnabled: false });
    await owner.page.goto('/settings/team');
    await owner.page.getByLabel('Email').fill('nobody@nowhere.test');
    await owner.page.getByRole('button', { name: 'Add now' }).click();
    await owner.page.getByText(/No Tally account uses this email/).waitFor();
    expect(await owner.page.getByLabel('Email').inputValue()).toBe('nobody@nowhere.test');
    // The last owner's row offers no way to demote or remove them.
    expect(await rosterRow(owner.page, 'owner@acme.test').getByRole('button').count()).toBe(0);
    await owner.context.close();
  });

  it('an admin sees no controls on an owner, and a member gets no team page', async () => {
    const admin = await browser.signedIn('admin@acme.test');
    await admin.page.goto('/settings/team');
    expect(await rosterRow(admin.page, 'owner@acme.test').getByRole('button').count()).toBe(0);
    expect(await admin.page.locator('select#role option').allTextContents()).toEqual(['member', 'admin']);
    const member = await browser.signedIn('member@acme.test');
    await member.page.goto('/settings/team');
    await member.page.getByText('This page could not be found.').waitFor();
    await admin.context.close();
    await member.context.close();
  });
});
