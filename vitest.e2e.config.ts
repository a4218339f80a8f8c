import { defineConfig } from 'vitest/config';

/** Browser tests: one production server (`next start`), real Chromium, files one after another. */
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.e2e.ts'],
    exclude: ['e2e/cluster/**'],
    globalSetup: ['e2e/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
