import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const alias = {
  '@': fileURLToPath(new URL('./src', import.meta.url)),
  // `server-only` throws outside React Server bundles; the source keeps the import, tests stub it.
  'server-only': fileURLToPath(new URL('./tests/support/empty.ts', import.meta.url)),
};

const shared = {
  resolve: { alias },
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/redis/**'],
    setupFiles: ['tests/support/isolate-redis.ts', 'tests/support/setup-database.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file opens its own database; two workers match CI's two cores.
    maxWorkers: 2,
  },
};

/**
 * Every test file runs against embedded PGlite, and again against a real Postgres server when one is
 * configured. The Redis cache handler's tests (its package's test/, and tests/redis for Tally's use
 * of it) need no database and run once.
 */
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'redis',
          include: ['packages/next-redis-cache/test/**/*.test.ts', 'tests/redis/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
        },
      },
      { ...shared, test: { ...shared.test, name: 'pglite', env: { TALLY_TEST_BACKEND: 'pglite', TALLY_DEMO: '1' } } },
      ...(process.env.DATABASE_URL
        ? [{ ...shared, test: { ...shared.test, name: 'postgres', env: { TALLY_TEST_BACKEND: 'postgres', TALLY_DEMO: '1' } } }]
        : []),
    ],
  },
});
