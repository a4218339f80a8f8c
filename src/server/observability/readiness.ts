import 'server-only';
import { sql } from 'drizzle-orm';
import Redis from 'ioredis';
import { database } from '@/server/db/client';
import { env } from '@/server/env';
import { instanceName } from '@/server/instance';
import { isDraining, jobQueueState } from './lifecycle';

const CHECK_TIMEOUT_MS = 2_000;

type Check = { ok: true } | { ok: false; error: string };

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref(),
    ),
  ]);
}

async function check(probe: () => Promise<unknown>): Promise<Check> {
  try {
    await withTimeout(probe());
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

const holder = globalThis as typeof globalThis & { __tallyReadinessRedis?: Redis };

/** A connection of its own: the cache handler's may be busy reconnecting, and this must answer now. */
function redisProbe(url: string): Redis {
  if (!holder.__tallyReadinessRedis) {
    const client = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: CHECK_TIMEOUT_MS,
    });
    client.on('error', () => {}); // reported by the check itself
    holder.__tallyReadinessRedis = client;
  }
  return holder.__tallyReadinessRedis;
}

async function pingRedis(url: string): Promise<void> {
  const client = redisProbe(url);
  if (client.status === 'wait') await client.connect();
  await client.ping();
}

export interface Readiness {
  ready: boolean;
  instance: string;
  checks: Record<string, Check>;
}

/** Ready = not draining, the database answers, Redis answers (when configured), the job queue started. */
export async function readiness(): Promise<Readiness> {
  const { REDIS_URL } = env();
  const queue = jobQueueState();
  const checks: Record<string, Check> = {
    database: await check(async () => (await database()).db.execute(sql`SELECT 1`)),
    ...(REDIS_URL ? { redis: await check(() => pingRedis(REDIS_URL)) } : {}),
    jobQueue: queue === 'started' ? { ok: true } : { ok: false, error: queue },
    accepting: isDraining() ? { ok: false, error: 'draining after SIGTERM' } : { ok: true },
  };
  return { ready: Object.values(checks).every((c) => c.ok), instance: instanceName(), checks };
}
