import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import { afterAll, describe } from 'vitest';
import { createRedisCacheHandler } from '@tally/next-redis-cache';

export const REDIS_URL = process.env.REDIS_URL;
/** Set by cluster.test.ts when it runs the contract again against a Redis Cluster it started. */
const CLUSTER_NODES = process.env.TEST_REDIS_CLUSTER_NODES?.split(',').filter(Boolean);
export const onCluster = Boolean(CLUSTER_NODES?.length);
/** How handlers under test reach Redis: one node, or the cluster. */
export const connection = onCluster ? { clusterNodes: CLUSTER_NODES } : { url: REDIS_URL ?? '' };

/** A plain client on the same Redis as the handlers, for checks behind their backs. */
export function rawRedis() {
  if (!CLUSTER_NODES?.length) return new Redis(REDIS_URL ?? '');
  return new Cluster(CLUSTER_NODES.map((node) => ({ host: node.split(':')[0], port: Number(node.split(':')[1]) })));
}

/** `describe` when Redis is configured; otherwise skipped, with the reason printed once per file. */
export function describeWithRedis(name: string, body: () => void) {
  const available = Boolean(REDIS_URL) || onCluster;
  if (!available) console.log(`[redis] REDIS_URL is not set: "${name}" is skipped (it needs a real Redis).`);
  (available ? describe : describe.skip)(name, body);
}

/** A key prefix of its own for every test, deleted after the file. */
export function trackPrefixes() {
  const used: string[] = [];
  afterAll(async () => {
    // A cluster under test is thrown away whole.
    if (!REDIS_URL || onCluster) return;
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
    const handler = createRedisCacheHandler({ ...connection, prefix, buildId: () => 'build-a', log: () => {}, ...options });
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

/** A port nothing listens on right now (the kernel's pick), for a private redis-server: parallel runs never collide. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Polls `condition` every 10 ms; fails the test after `ms`. */
export async function waitUntil(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/** Appends an invalidation to the log as another process would, but publishes no hint. */
export async function appendBehindItsBack(
  prefix: string,
  { tags, mode, writtenMsAgo = 0 }: { tags: string[]; mode: 'expire' | 'stale'; writtenMsAgo?: number },
): Promise<void> {
  const redis = rawRedis();
  const log = logKeys(prefix);
  const seq = await redis.incr(log.seq);
  await redis.xadd(log.stream, `${seq}-0`, 't', JSON.stringify(tags), 'm', mode, 'a', String(Date.now() - writtenMsAgo), 'x', '');
  await redis.quit();
}
