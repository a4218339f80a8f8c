import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database } from '@/server/db/open';

export interface TestDatabase {
  database: Database;
  dispose(): Promise<void>;
}

/** The server to create throwaway databases on (CI exports DATABASE_URL; its database is never touched). */
export function postgresServerUrl(): string | undefined {
  return process.env.DATABASE_URL;
}

export async function openTestDatabase(backend: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const database = await openDatabase({ url: null, dataDir: 'memory', seed: true });
    return { database, dispose: () => database.close() };
  }
  const serverUrl = postgresServerUrl();
  if (!serverUrl) throw new Error('DATABASE_URL is needed for the postgres test project.');
  const name = `tally_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), seed: true });
  return {
    database,
    async dispose() {
      await database.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
