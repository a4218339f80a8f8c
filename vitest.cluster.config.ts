import { defineConfig } from 'vitest/config';

/** Multi-instance browser tests: 3 `next start` instances on one Postgres and one Redis, real Chromium. */
export default defineConfig({
  test: {
    name: 'cluster',
    include: ['e2e/cluster/**/*.e2e.ts'],
    globalSetup: ['e2e/support/cluster-setup.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 180_000,
  },
});
