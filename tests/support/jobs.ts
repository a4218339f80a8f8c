import { vi } from 'vitest';
import { JOB_SCHEMA, jobBoss } from '@/server/jobs/boss';

const HANDLERS = Symbol.for('@next/cache-handlers-set');

/** Stands in for Next's cache handler set, so a job's eventual invalidation has somewhere to go. */
export function installCacheHandler() {
  const handler = { updateTags: vi.fn(async (_tags: string[], _durations?: { expire?: number }) => {}) };
  (globalThis as Record<symbol, unknown>)[HANDLERS] = new Set([handler]);
  return handler;
}

export function removeCacheHandler() {
  delete (globalThis as Record<symbol, unknown>)[HANDLERS];
}

export interface JobRow {
  id: string;
  state: string;
  singleton_key: string | null;
  retry_count: number;
  data: Record<string, unknown>;
  output: Record<string, unknown> | null;
}

/** Every job of the queue, live and archived, straight from pg-boss's tables. */
export async function jobRows(queue: string): Promise<JobRow[]> {
  const boss = await jobBoss();
  const columns = 'id, state::text AS state, singleton_key, retry_count, data, output, created_on';
  const { rows } = await boss
    .getDb()
    .executeSql(
      `SELECT ${columns} FROM ${JOB_SCHEMA}.job WHERE name = $1 UNION ALL SELECT ${columns} FROM ${JOB_SCHEMA}.archive WHERE name = $1 ORDER BY created_on`,
      [queue],
    );
  return rows as JobRow[];
}

export async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
