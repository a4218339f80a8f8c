import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';

const browser = useBrowser();

/** A browser context with no session (signed in, then its cookies dropped: the helper only makes signed-in ones). */
async function visitor(javaScriptEnabled: boolean) {
  const session = await browser.signedIn('member@acme.test', { javaScriptEnabled });
  await session.context.clearCookies();
  return session;
}

const invitationRow = (page: Page, email: string) => page.locator(`[data-testid=invitation-row][data-email="${email}"]`);
const rosterRow = (page: Page, email: string) => page.locator(`[data-testid=roster-row][data-email="${email}"]`);
const switcherOptions = (page: Page) => page.locator('[data-testid=org-switcher] option').allTextContents();
/** The link's own answer, not where it leads: 303 to its page while open, 410 once closed. */
const linkStatus = async (page: Page, link: string) => (await page.request.get(link, { maxRedirects: 0 })).status();

/** Sends an invitation from the team page and returns its link, as shown to admins when no email is sent. */
async function sendInvitation(page: Page, email: string, role = 'member'): Promise<string> {
  await page.goto('/settings/team');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.locator('select#role').selectOption(role);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await invitationRow(page, email).waitFor();
  await page.getByTestId('no-email-transport').waitFor();
  const link = await invitationRow(page, email).getByTestId('invitation-link').getAttribute('href');
  expect(link).toMatch(/\/invite\/[0-9a-f-]{36}$/);
  return link!;
}

async function chooseNewOwner(page: Page, email: string) {
  const value = await page.locator('#new-owner option', { hasText: email }).getAttribute('value');
  await page.getByLabel('New owner').selectOption(value!);
  await page.getByLabel('and I step down to admin').check();
}

async function fillSignUp(page: Page, email: string) {
  await page.getByLabel('Email (the address this invitation was sent to)').fill(email);
  await page.getByLabel('Your name').fill('New Person');
  await page.getByLabel('Password (8 characters or more)').fill('a-long-enough-password');
}

describe('invitations and ownership in Chromium against next start', () => {
  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

    it(`someone with no account signs up through the link and lands in the org (${mode}); a wrong email is refused`, async () => {
      const email = `newcomer-${javaScriptEnabled ? 'js' : 'nojs'}@invite.test`;
      const owner = await browser.signedIn('owner@acme.test', { javaScriptEnabled });
      const link = await sendInvitation(owner.page, email);
      const newcomer = await visitor(javaScriptEnabled);
      expect(await linkStatus(newcomer.page, link)).toBe(303);

      await newcomer.page.goto(link);
      await newcomer.page.waitForURL((url) => url.pathname === `${new URL(link, browser.baseURL()).pathname}/accept`);
      await newcomer.page.getByText('Acme invites you as member').waitFor();
      await fillSignUp(newcomer.page, 'someone-else@invite.test');
      await newcomer.page.getByRole('button', { name: 'Create account and join' }).click();
      await newcomer.page.getByText('This invitation was sent to a different email address.').waitFor();
      expect(await newcomer.page.getByLabel('Your name').inputValue()).toBe('New Person');

      await fillSignUp(newcomer.page, email);
      await Promise.all([
        newcomer.page.waitForURL(/\/invoices$/),
        newcomer.page.getByRole('button', { name: 'Create account and join' }).click(),
      ]);
      expect(await switcherOptions(newcomer.page)).toEqual(['Acme (member)']);
      expect(await linkStatus(newcomer.page, link)).toBe(410);

      await owner.page.goto('/settings/team');
      expect(await rosterRow(owner.page, email).getByTestId('member-role').textContent()).toBe('member');
      expect(await invitationRow(owner.page, email).count()).toBe(0);
      await owner.page.goto(link);
      await owner.page.getByText('has been accepted already').waitFor();
      for (const session of [owner, newcomer]) await session.context.close();
    });

    it(`an admin resends and cancels an invitation; the cancelled link answers 410 (${mode})`, async () => {
      const email = `resend-${javaScriptEnabled ? 'js' : 'nojs'}@invite.test`;
      const admin = await browser.signedIn('admin@acme.test', { javaScriptEnabled });
      const link = await sendInvitation(admin.page, email);
      await invitationRow(admin.page, email).getByRole('button', { name: 'Resend' }).click();
      await admin.page.waitForURL('**/settings/team');
      await invitationRow(admin.page, email)
        .getByTestId('invitation-expiry')
        .filter({ hasText: /^open until/ })
        .waitFor();
      expect(await linkStatus(admin.page, link)).toBe(303);

      await invitationRow(admin.page, email).getByRole('button', { name: 'Cancel' }).click();
      await invitationRow(admin.page, email).waitFor({ state: 'detached' });
      expect(await linkStatus(admin.page, link)).toBe(410);
      const closed = await admin.page.request.get(link, { maxRedirects: 0 });
      expect(await closed.text()).toContain('was cancelled');
      await admin.context.close();
    });
  }

  // The link must name the host the admin used: the cookies of someone signed in do not travel to another
  // (here 127.0.0.1, not the `localhost` of Better Auth's default URL), and they would arrive signed out.
  it('someone signed in with another account is told so, and the right account accepts from the link', async () => {
    const owner = await browser.signedIn('owner@acme.test');
    const link = await sendInvitation(owner.page, 'member@globex.test');
    const stranger = await browser.signedIn('pat@acme.test');
    await stranger.page.goto(link);
    await stranger.page.getByText('this invitation was sent to another address').waitFor();
    const invitee = await browser.signedIn('member@globex.test', { javaScriptEnabled: false });
    await invitee.page.goto(link);
    await Promise.all([
      invitee.page.waitForURL(/\/invoices$/),
      invitee.page.getByRole('button', { name: 'Accept and open Acme' }).click(),
    ]);
    expect(await switcherOptions(invitee.page)).toContain('Acme (member)');
    // Put the seed back for the other files.
    await invitee.page.goto('/organizations');
    await invitee.page
      .getByTestId('my-memberships')
      .locator('li', { hasText: 'Acme' })
      .getByRole('button', { name: 'Leave' })
      .click();
    await invitee.page.getByTestId('my-memberships').locator('li', { hasText: 'Acme' }).waitFor({ state: 'detached' });
    for (const session of [owner, stranger, invitee]) await session.context.close();
  });

  it('an owner hands ownership to an admin and steps down (with JavaScript); the new owner hands it back (without)', async () => {
    const owner = await browser.signedIn('owner@globex.test');
    await owner.page.goto('/settings/team');
    await chooseNewOwner(owner.page, 'admin@globex.test');
    await owner.page.getByRole('button', { name: 'Make owner' }).click();
    await rosterRow(owner.page, 'admin@globex.test')
      .getByTestId('member-role')
      .filter({ hasText: /^owner$/ })
      .waitFor();
    expect(await rosterRow(owner.page, 'owner@globex.test').getByTestId('member-role').textContent()).toBe('admin');
    expect(await owner.page.getByRole('button', { name: 'Make owner' }).count()).toBe(0);

    const heir = await browser.signedIn('admin@globex.test', { javaScriptEnabled: false });
    await heir.page.goto('/settings/team');
    await chooseNewOwner(heir.page, 'owner@globex.test');
    await heir.page.getByRole('button', { name: 'Make owner' }).click();
    await heir.page.waitForURL('**/settings/team');
    expect(await rosterRow(heir.page, 'owner@globex.test').getByTestId('member-role').textContent()).toBe('owner');
    expect(await rosterRow(heir.page, 'admin@globex.test').getByTestId('member-role').textContent()).toBe('admin');
    await owner.context.close();
    await heir.context.close();
  });
});
