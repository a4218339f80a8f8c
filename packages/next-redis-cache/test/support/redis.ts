import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe } from 'vitest';
import { createRedisCacheHandler } from '@tally/next-redis-cache';

export const REDIS_URL = process.env.REDIS_URL;

/** `describe` when REDIS_URL is set; otherwise skipped, with the reason printed once per file. */
export function describeWithRedis(name: string, body: () => void) {
  if (!REDIS_URL) console.log(`[redis] REDIS_URL is not set: "${name}" is skipped (it needs a real Redis).`);
  (REDIS_URL ? describe : describe.skip)(name, body);
}

/** A key prefix of its own for every test, deleted after the file. */
export function trackPrefixes() {
  const used: string[] = [];
  afterAll(async () => {
    if (!REDIS_URL) return;
    const redis = new Redis(REDIS_URL);
    for (const prefix of used) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
    await redis.quit();
  });
  return () => {
    const prefix = `tally-test:${process.pid}:${randomBytes(4).toString('hex')}`;
    used.push(prefix);
    return prefix;
  };
}

type Options = Partial<Parameters<typeof createRedisCacheHandler>[0]>;
export type TestHandler = ReturnType<typeof createRedisCacheHandler>;

/**
 * Handlers created through this are closed after the file. Each has read the invalidation log once,
 * as a process that has served a request has: entries computed from then on have a known generation.
 */
export function trackHandlers() {
  const open: TestHandler[] = [];
  afterAll(async () => {
    await Promise.all(open.map((handler) => handler.close()));
  });
  return async (prefix: string, options: Options = {}) => {
    const handler = createRedisCacheHandler({ url: REDIS_URL ?? '', prefix, buildId: () => 'build-a', log: () => {}, ...options });
    open.push(handler);
    await handler.refreshTags();
    return handler;
  };
}

/** A read as Next makes it in a new request: `refreshTags` once, then `get`. */
export async function requestGet(handler: TestHandler, cacheKey: string, softTags: string[] = []) {
  await handler.refreshTags();
  return handler.get(cacheKey, softTags);
}

/** Next stamps entries with this clock (`performance.timeOrigin + performance.now()`), not `Date.now()`. */
export const now = () => performance.timeOrigin + performance.now();

/** The invalidation log's keys for a prefix (see src/keys.mjs). */
export const logKeys = (prefix: string) => {
  const log = `${prefix}:{${prefix}:log}`;
  return { stream: `${log}:stream`, seq: `${log}:seq`, epoch: `${log}:epoch` };
};

export const entryKey = (prefix: string, cacheKey: string, build = 'build-a') => `${prefix}:entry:{${build}:${cacheKey}}`;

export interface EntryFields {
  tags?: string[];
  timestamp?: number;
  expire?: number;
  revalidate?: number;
}

export function entryOf(text: string | Uint8Array, fields: EntryFields = {}) {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return {
    value: new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    }),
    tags: fields.tags ?? [],
    stale: 30,
    timestamp: fields.timestamp ?? now(),
    expire: fields.expire ?? 3600,
    revalidate: fields.revalidate ?? 900,
  };
}

export async function textOf(entry: { value: ReadableStream<Uint8Array> } | undefined): Promise<string | undefined> {
  return entry ? new Response(entry.value).text() : undefined;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
