import type { Redis, RedisOptions } from 'ioredis';
import { afterEach, expect, it, vi } from 'vitest';
import { startInstance } from '../bench/instances.mjs';
import { createConnection } from '../src/connection.mjs';
import { redisProxy } from './support/proxy.mjs';
import {
  describeWithRedis,
  entryKey,
  entryOf,
  rawRedis,
  REDIS_URL,
  requestGet,
  sleep,
  textOf,
  trackHandlers,
  trackPrefixes,
  appendBehindItsBack,
  waitUntil,
} from './support/redis';

/**
 * Edges of the handler's protocol: who holds and releases the single-flight lock, what wakes a
 * waiter, what a process may skip in the log, and what it does once Redis is back.
 */
const newPrefix = trackPrefixes();
const newHandler = trackHandlers();

const lockKey = (prefix: string, cacheKey: string) => `${prefix}:lock:{build-a:${cacheKey}}`;

async function lockExists(prefix: string, cacheKey: string) {
  const redis = rawRedis();
  const exists = await redis.exists(lockKey(prefix, cacheKey));
  await redis.quit();
  return exists === 1;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describeWithRedis('edges of the handler protocol', () => {
  it('keeps entries of up to a quarter of 64 MB locally unless told', async () => {
    const handler = await newHandler(newPrefix());
    await handler.set('one megabyte', Promise.resolve(entryOf(new Uint8Array(1024 * 1024))));
    expect(handler.stats().localEntries).toBe(1);
  });

  it('caches an entry of exactly maxEntryBytes', async () => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix, { maxEntryBytes: 10 });
    await handler.set('exact', Promise.resolve(entryOf('ten bytes!')));
    const redis = rawRedis();
    expect(await redis.exists(entryKey(prefix, 'exact'))).toBe(1);
    await redis.quit();
  });

  it('releases the lock in the same step that stores the entry', async () => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix);
    expect(await requestGet(handler, 'k')).toBeUndefined();
    expect(await lockExists(prefix, 'k')).toBe(true);
    await handler.set('k', Promise.resolve(entryOf('v')));
    expect(await lockExists(prefix, 'k')).toBe(false);
  });

  it('stores an entry and releases its lock in one round trip', async () => {
    const prefix = newPrefix();
    const proxy = redisProxy(new URL(REDIS_URL ?? ''));
    await proxy.listen();
    try {
      const handler = await newHandler(prefix, { url: proxy.url });
      expect(await requestGet(handler, 'k')).toBeUndefined();
      const sentBefore = proxy.sent;
      await handler.set('k', Promise.resolve(entryOf('v')));
      expect(proxy.sent - sentBefore).toBe(1);
      expect(await lockExists(prefix, 'k')).toBe(false);
    } finally {
      await proxy.cut();
    }
  });

  it('releases a lock it took when Redis turned out to hold a fresh entry after all', async () => {
    const prefix = newPrefix();
    const reader = await newHandler(prefix);
    const writer = await newHandler(prefix);
    await reader.set('k', Promise.resolve(entryOf('old', { tags: ['t'] })));
    expect(await textOf(await requestGet(reader, 'k'))).toBe('old');
    // Another process expires the tag (no hint reaches the reader) and stores the recomputed entry.
    await appendBehindItsBack(prefix, { tags: ['t'], mode: 'expire' });
    await writer.refreshTags();
    await sleep(2);
    await writer.set('k', Promise.resolve(entryOf('new', { tags: ['t'] })));
    // The reader's local copy is expired: it takes the lock, finds the new entry, and lets the lock go.
    expect(await textOf(await requestGet(reader, 'k'))).toBe('new');
    expect(await lockExists(prefix, 'k')).toBe(false);
    expect(reader.stats()).toMatchObject({ localExpired: 1, redisHits: 1, misses: 0, singleFlightWaits: 1 });
  });

  it('wins the lock after waiting once the holder let it lapse, and counts that as a wait and a miss', async () => {
    const prefix = newPrefix();
    const holder = await newHandler(prefix, { lockMs: 200 });
    const waiter = await newHandler(prefix, { waitMs: 5000, recheckMs: 50 });
    expect(await requestGet(holder, 'k')).toBeUndefined();
    expect(await requestGet(waiter, 'k')).toBeUndefined();
    expect(waiter.stats()).toMatchObject({ misses: 1, singleFlightWaits: 1, singleFlightTimeouts: 0 });
  });

  it('wakes a waiter by the fill message, long before its recheck', async () => {
    const prefix = newPrefix();
    const holder = await newHandler(prefix);
    const waiter = await newHandler(prefix, { waitMs: 60_000, recheckMs: 30_000 });
    expect(await requestGet(holder, 'k')).toBeUndefined();
    const waiting = requestGet(waiter, 'k');
    await sleep(100);
    await holder.set('k', Promise.resolve(entryOf('computed by the holder')));
    const answer = await Promise.race([waiting.then(textOf), sleep(10_000).then(() => 'still waiting')]);
    expect(answer).toBe('computed by the holder');
  });

  it('does not let a lapsed lock drop the record of a newer lock on the same key', async () => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix, { lockMs: 300 });
    expect(await requestGet(handler, 'k', ['_N_T_/first'])).toBeUndefined();
    await sleep(150);
    await handler.set('k', Promise.resolve(entryOf('v', { tags: ['t'] })));
    await appendBehindItsBack(prefix, { tags: ['t'], mode: 'expire' });
    expect(await requestGet(handler, 'k', ['_N_T_/second'])).toBeUndefined();
    // The first lock's timer fires now; the second lock is still held.
    await sleep(200);
    await handler.set('k', Promise.resolve(entryOf('v', { tags: ['t'] })));
    const redis = rawRedis();
    const meta = JSON.parse((await redis.hget(entryKey(prefix, 'k'), 'meta')) ?? '{}') as { tags?: string[] };
    await redis.quit();
    expect(meta.tags).toEqual(['t', '_N_T_/second']);
  });

  it('keeps its own stale mark without a deadline stale, not expired', async () => {
    const handler = await newHandler(newPrefix());
    await handler.set('k', Promise.resolve(entryOf('v', { tags: ['t'] })));
    await handler.updateTags(['t'], {});
    expect((await requestGet(handler, 'k'))?.revalidate).toBe(-1);
  });

  it('does not move past an invalidation it has not read when it writes its own', async () => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix);
    await handler.set('k', Promise.resolve(entryOf('v', { tags: ['x'] })));
    expect(await textOf(await requestGet(handler, 'k'))).toBe('v');
    await appendBehindItsBack(prefix, { tags: ['x'], mode: 'expire' });
    await handler.updateTags(['y']);
    expect(await requestGet(handler, 'k')).toBeUndefined();
  });

  it('misses an entry whose stored metadata is not JSON, and counts the error', async () => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix, { lockMs: 200, waitMs: 100 });
    await handler.set('k', Promise.resolve(entryOf('v')));
    const redis = rawRedis();
    await redis.hset(entryKey(prefix, 'k'), 'meta', 'not json');
    await redis.quit();
    const other = await newHandler(prefix);
    expect(await requestGet(other, 'k')).toBeUndefined();
    expect(other.stats()).toMatchObject({ errors: 1, misses: 1 });
  });

  it('rereads the log before the next get after Redis came back, refreshTags or not', async () => {
    const prefix = newPrefix();
    const proxy = redisProxy(new URL(REDIS_URL ?? ''));
    await proxy.listen();
    try {
      const logs: string[] = [];
      const handler = await newHandler(prefix, { url: proxy.url, log: (line) => logs.push(line) });
      const other = await newHandler(prefix);
      await handler.set('k', Promise.resolve(entryOf('v', { tags: ['t'] })));
      expect(await textOf(await requestGet(handler, 'k'))).toBe('v');
      await proxy.cut();
      await waitUntil(() => logs.length === 1);
      // A set during the outage stores nothing and is no error: it is skipped.
      const errorsBefore = handler.stats().errors;
      await handler.set('during the outage', Promise.resolve(entryOf('v')));
      expect(handler.stats().errors).toBe(errorsBefore);
      // Written while the handler could not hear it: its pub/sub hint is lost.
      await other.updateTags(['t']);
      await proxy.listen();
      await waitUntil(() => handler.stats().redisHealthy);
      expect(await handler.get('k', [])).toBeUndefined();
    } finally {
      await proxy.cut();
    }
  });

  it('waits up to 3 s for the lock holder, looking again every 250 ms, unless told', async () => {
    const prefix = newPrefix();
    const proxy = redisProxy(new URL(REDIS_URL ?? ''));
    await proxy.listen();
    try {
      const holder = await newHandler(prefix);
      const waiter = await newHandler(prefix, { url: proxy.url });
      expect(await requestGet(holder, 'k')).toBeUndefined();
      const sentBefore = proxy.sent;
      const started = Date.now();
      expect(await waiter.get('k', [])).toBeUndefined();
      expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
      // About 13 looks of two commands each; a busy loop would send thousands.
      expect(proxy.sent - sentBefore).toBeLessThan(60);
      expect(waiter.stats()).toMatchObject({ singleFlightTimeouts: 1 });
    } finally {
      await proxy.cut();
    }
  });

  it('expires an entry filled by a process whose clock runs a minute ahead, on a write right after the fill', async () => {
    // Comparing the filler's clock with the writer's would keep the entry: it looks younger than the write.
    const prefix = newPrefix();
    const ahead = await startInstance('tally', { url: REDIS_URL, prefix, clockOffsetMs: 60_000 });
    try {
      const writer = await newHandler(prefix);
      await ahead.ask({ type: 'fill', key: 'k', tags: ['t'] });
      expect((await ahead.ask({ type: 'read', key: 'k' })).hit).toBe(true);
      await writer.updateTags(['t']);
      expect((await ahead.ask({ type: 'read', key: 'k' })).hit).toBe(false);
    } finally {
      await ahead.stop();
    }
  });

  it('makes a second read in the process that holds the lock wait for that compute, not start another', async () => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix);
    expect(await requestGet(handler, 'k')).toBeUndefined();
    const second = requestGet(handler, 'k');
    await sleep(50);
    await handler.set('k', Promise.resolve(entryOf('filled')));
    expect(await textOf(await second)).toBe('filled');
    expect(handler.stats()).toMatchObject({ misses: 1, singleFlightWaits: 1, singleFlightTimeouts: 0 });
    expect(await lockExists(prefix, 'k')).toBe(false);
  });

  it('looks for the entry again after its lock attempt, in the order Redis runs them', async () => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix);
    const watcher = rawRedis();
    const monitor = await (watcher as Redis).monitor();
    const seen: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.some((arg) => arg.startsWith(`${prefix}:`))) seen.push(args[0]!.toLowerCase());
    });
    try {
      expect(await requestGet(handler, 'k')).toBeUndefined();
      await waitUntil(() => seen.filter((command) => command === 'hmget').length >= 2);
      // The first look missed; then the lock attempt, and only after it the second look.
      const lock = seen.indexOf('set');
      expect(lock).toBeGreaterThan(seen.indexOf('hmget'));
      expect(seen.indexOf('hmget', lock)).toBeGreaterThan(lock);
    } finally {
      monitor.disconnect();
      watcher.disconnect();
    }
  });

  it('closes its connections', async () => {
    const handler = await newHandler(newPrefix());
    expect(handler.stats().redisHealthy).toBe(true);
    await handler.close();
    await waitUntil(() => !handler.stats().redisHealthy);
  });
});

describeWithRedis('the connection options', () => {
  it('reports errors through the log, to console.warn unless told, never as unhandled error events', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const connection = createConnection({
      url: 'redis://127.0.0.1:1',
      channels: () => ['unused'],
      onMessage: () => {},
      onRecovered: () => {},
    });
    try {
      expect(await connection.client()).toBeNull();
      await sleep(300);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(error).not.toHaveBeenCalled();
    } finally {
      await connection.close();
    }
  });

  it('queues no command while disconnected and retries every 100 ms per attempt, at most every second', async () => {
    // Both only show in a race with a dropped connection, so the client's own options are checked.
    const connection = createConnection({
      url: REDIS_URL ?? '',
      channels: () => ['unused'],
      onMessage: () => {},
      onRecovered: () => {},
    });
    try {
      const options = (await connection.client())?.options as RedisOptions | undefined;
      expect(options?.enableOfflineQueue).toBe(false);
      const retryStrategy = options?.retryStrategy;
      expect([1, 5, 10, 50].map((attempt) => retryStrategy?.(attempt))).toEqual([100, 500, 1000, 1000]);
    } finally {
      await connection.close();
    }
  });
});
