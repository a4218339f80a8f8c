import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DEMO_PASSWORD = 'demo-password';

/** One Chromium per test file, launched with the flags this sandbox needs, closed after the file. */
export function useBrowser() {
  const state: { browser?: Browser } = {};
  beforeAll(async () => {
    state.browser = await chromium.launch({
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
  });
  afterAll(async () => {
    await state.browser?.close();
  });
  return {
    baseURL: () => inject('baseURL'),
    /** A fresh browser context (its own cookies) signed in as `email`. */
    async signedIn(
      email: string,
      options: { javaScriptEnabled?: boolean } = {},
    ): Promise<{ context: BrowserContext; page: Page }> {
      if (!state.browser) throw new Error('browser not launched');
      const context = await state.browser.newContext({ baseURL: inject('baseURL'), ...options });
      const page = await context.newPage();
      await signIn(page, email);
      return { context, page };
    },
  };
}

export async function signIn(page: Page, email: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL('**/invoices'), page.getByRole('button', { name: 'Sign in' }).click()]);
}
