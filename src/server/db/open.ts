import 'server-only';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Logger } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { env } from '@/server/env';
import * as schema from './schema';
import { seedDemoIfEmpty } from './seed-demo';
import type { Db } from './types';

export type { Db, Executor, Schema, Tx } from './types';

/** The raw connection behind `db`, for code that speaks SQL without Drizzle (the job queue). */
export type Connection = { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; url: string };

export type Database = Connection & {
  db: Db;
  close(): Promise<void>;
};

export interface OpenOptions {
  /** postgres:// URL; defaults to DATABASE_URL. null, or no URL at all, means PGlite. */
  url?: string | null;
  /** PGlite data directory, or 'memory'; defaults to TALLY_DATA_DIR. */
  dataDir?: string;
  /** Seed the demo dataset when the database has no organizations; defaults to TALLY_SEED !== '0'. */
  seed?: boolean;
  prepare?: boolean;
  /** Sees every query the connection runs (the bench's per-request query count). */
  logger?: Logger;
}

const MIGRATIONS = { migrationsFolder: 'drizzle' };
// Any constant works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK_KEY = 7_204_611;

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const config = env();
  const url = options.url === undefined ? config.DATABASE_URL : options.url;
  const seed = options.seed ?? config.TALLY_SEED !== '0';
  return url
    ? openPostgres(url, seed, options.prepare ?? true, options.logger)
    : openPglite(options.dataDir ?? config.TALLY_DATA_DIR, seed, options.logger);
}

async function openPglite(dataDir: string, seed: boolean, logger?: Logger): Promise<Database> {
  if (dataDir !== 'memory') mkdirSync(dataDir, { recursive: true });
  // pg_trgm backs the invoice text search indexes (the migration creates the extension).
  const extensions = { pg_trgm };
  const client = dataDir === 'memory' ? new PGlite({ extensions }) : new PGlite(dataDir, { extensions });
  const db = drizzlePglite({ client, schema, logger });
  // One PGlite per process and a single connection: no migration lock needed.
  await migratePglite(db, MIGRATIONS);
  if (seed) await seedDemoIfEmpty(db as unknown as Db);
  return { db: db as unknown as Db, kind: 'pglite', client, close: () => client.close() };
}

async function openPostgres(url: string, seed: boolean, prepare: boolean, logger?: Logger): Promise<Database> {
  // Several instances may start at once: migrate and seed under an advisory lock on a dedicated connection.
  const setup = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await setup`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    const setupDb = drizzlePostgres({ client: setup, schema });
    await migratePostgres(setupDb, MIGRATIONS);
    if (seed) await seedDemoIfEmpty(setupDb as unknown as Db);
    await setup`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await setup.end();
  }
  const client = postgres(url, { max: 10, prepare, onnotice: () => {} });
  const db = drizzlePostgres({ client, schema, logger });
  return { db: db as unknown as Db, kind: 'postgres', url, close: () => client.end() };
}
