import { afterAll } from 'vitest';
import { openTestDatabase, type TestDatabase } from './test-database';

/**
 * Gives every test file its own freshly migrated and seeded database, where the app's `database()`
 * looks for it: PGlite in memory, or a throwaway database on the Postgres server. Opened on first use,
 * so files that never touch the database do not pay for one.
 */
let opened: Promise<TestDatabase> | undefined;
Object.defineProperty(globalThis, '__tallyDb', {
  configurable: true,
  get() {
    opened ??= openTestDatabase(process.env.TALLY_TEST_BACKEND === 'postgres' ? 'postgres' : 'pglite');
    return opened.then((handle) => handle.database);
  },
});

afterAll(async () => {
  if (opened) await (await opened).dispose();
});
