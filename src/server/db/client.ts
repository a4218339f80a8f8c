import 'server-only';
import { instrumentDatabase } from '@/server/observability/db-queries';
import { openDatabase, type Database } from './open';

const holder = globalThis as typeof globalThis & { __tallyDb?: Promise<Database>; __tallyQueries?: { count: number } };
const queries = (holder.__tallyQueries ??= { count: 0 });

/**
 * The process-wide database, opened, migrated and (when empty) seeded on first use.
 * Never at import: `next build` evaluates server modules and must not touch the data directory.
 * Kept on globalThis so every bundler module scope shares one connection (and one PGlite instance).
 */
export function database(): Promise<Database> {
  holder.__tallyDb ??= openDatabase({ prepare: true, logger: { logQuery: () => void (queries.count += 1) } })
    .then(instrumentDatabase)
    .catch((error: unknown) => {
      holder.__tallyDb = undefined;
      throw error;
    });
  return holder.__tallyDb;
}

export async function db(): Promise<Database['db']> {
  return (await database()).db;
}

/** Queries this process has sent since it started (Better Auth's included: it shares the connection). */
export function queriesRun(): number {
  return queries.count;
}
