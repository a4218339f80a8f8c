import { afterAll } from 'vitest';
import { openTestDatabase } from './test-database';

/**
 * Gives every test file its own freshly migrated and seeded database, installed where the app's
 * `database()` looks for it: PGlite in memory, or a throwaway database on the Postgres server.
 */
const opened = openTestDatabase(process.env.TALLY_TEST_BACKEND === 'postgres' ? 'postgres' : 'pglite');
(globalThis as { __tallyDb?: unknown }).__tallyDb = opened.then((handle) => handle.database);

afterAll(async () => {
  await (await opened).dispose();
});
