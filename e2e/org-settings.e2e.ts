import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/browser';

const browser = useBrowser();

interface Settings {
  name: string;
  currency: string;
  timeZone: string;
  address: string;
}

async function readForm(page: Page): Promise<Settings> {
  return {
    name: await page.getByLabel('Organization name').inputValue(),
    currency: await page.getByLabel('Default currency').inputValue(),
    timeZone: await page.getByLabel('Time zone').inputValue(),
    address: await page.getByLabel('Billing address').inputValue(),
  };
}

async function save(page: Page, settings: Settings) {
  await page.getByLabel('Organization name').fill(settings.name);
  await page.getByLabel('Default currency').selectOption(settings.currency);
  await page.getByLabel('Time zone').selectOption(settings.timeZone);
  await page.getByLabel('Billing address').fill(settings.address);
  await page.getByTestId('save-org-settings').click();
  await page.getByText(`${settings.name} · settings fetched`).waitFor();
}

describe('organization settings in Chromium against next start', () => {
  it('an admin reaches the page from the header, saves all four fields, and the print view shows the new address', async () => {
    const { context, page } = await browser.signedIn('admin@acme.test');
    await Promise.all([page.waitForURL('**/settings/organization'), page.getByRole('link', { name: 'Settings' }).click()]);
    const seeded = await readForm(page);
    expect(seeded.address).not.toBe('');

    const changed = { name: 'Acme Europe', currency: 'EUR', timeZone: 'Europe/Paris', address: '12 Rue de Rivoli\n75004 Paris' };
    await save(page, changed);
    await page.reload();
    expect(await readForm(page)).toEqual(changed);

    const { items } = (await (await context.request.get('/api/invoices')).json()) as { items: { id: string }[] };
    await page.goto(`/invoices/${items[0]?.id}/print`);
    const seller = page.locator('header[data-seller]');
    expect(await seller.getByTestId('seller-name').textContent()).toBe('Acme Europe');
    expect(await seller.textContent()).toContain('12 Rue de Rivoli\n75004 Paris');

    await page.goto('/settings/organization');
    await save(page, seeded);
    expect(await readForm(page)).toEqual(seeded);
    await context.close();
  });

  it('without JavaScript: a refused save comes back with the field error and what was typed, and writes nothing', async () => {
    const { context, page } = await browser.signedIn('owner@acme.test', { javaScriptEnabled: false });
    await page.goto('/settings/organization');
    const seeded = await readForm(page);
    await page.getByLabel('Organization name').fill(' ');
    await page.getByLabel('Billing address').fill('Typed but refused');
    await Promise.all([page.waitForURL(/flash=/), page.getByTestId('save-org-settings').click()]);
    await page.getByText('Use at least 2 characters.').waitFor();
    expect(await page.getByLabel('Billing address').inputValue()).toBe('Typed but refused');
    await page.goto('/settings/organization');
    expect(await readForm(page)).toEqual(seeded);
    await context.close();
  });

  it('a member sees no settings link and gets a 404 for the page', async () => {
    const { context, page } = await browser.signedIn('member@acme.test');
    expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    const response = await page.goto('/settings/organization');
    expect(response?.status()).toBe(404);
    await context.close();
  });
});
