import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll } from 'vitest';
import { openDatabase, type Database, type Db } from '@/server/db/open';
import * as schema from '@/server/db/schema';

/**
 * The mutation runs' stand-in for setup-database.ts (vitest.mutation.scoped.ts): Stryker runs the same
 * test files once per mutant, so migrating and seeding each time would cost more than the tests.
 * The first file of a Stryker runner process migrates and seeds one in-memory PGlite (no mutant is
 * active during that dry run, and the seed does not use the scoped modules) and keeps its data
 * directory as a tarball; every later file starts from a fresh copy of it, so no mutant's writes
 * reach another mutant's run.
 */
const SNAPSHOT = join(tmpdir(), `tally-mutation-seed-${process.pid}.tar`);
const extensions = { pg_trgm };

async function snapshot(): Promise<Blob> {
  if (!existsSync(SNAPSHOT)) {
    const seeded = await openDatabase({ url: null, dataDir: 'memory', seed: true });
    if (seeded.kind !== 'pglite') throw new Error('the mutation runs use PGlite');
    const tarball = await seeded.client.dumpDataDir('none');
    await seeded.close();
    writeFileSync(`${SNAPSHOT}.part`, Buffer.from(await tarball.arrayBuffer()));
    renameSync(`${SNAPSHOT}.part`, SNAPSHOT);
    process.once('exit', () => rmSync(SNAPSHOT, { force: true }));
  }
  return new Blob([readFileSync(SNAPSHOT)]);
}

async function open(): Promise<Database> {
  const client = await PGlite.create({ loadDataDir: await snapshot(), extensions });
  return { db: drizzle({ client, schema }) as unknown as Db, kind: 'pglite', client, close: () => client.close() };
}

let opened: Promise<Database> | undefined;
Object.defineProperty(globalThis, '__tallyDb', {
  configurable: true,
  get() {
    opened ??= open();
    return opened;
  },
});

afterAll(async () => {
  if (opened) await (await opened).close();
});
