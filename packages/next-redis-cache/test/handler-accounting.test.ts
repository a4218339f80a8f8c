import { afterEach, expect, it, vi } from 'vitest';
import { createRedisCacheHandler } from '@tally/next-redis-cache';
import { redisProxy } from './support/proxy.mjs';
import {
  describeWithRedis,
  entryKey,
  entryOf,
  now,
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

const newPrefix = trackPrefixes();
const newHandler = trackHandlers();

const lockKey = (prefix: string, cacheKey: string) => `${prefix}:lock:{build-a:${cacheKey}}`;

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

it.each([{}, { clusterNodes: [] }])('refuses to start without a url or cluster nodes (%j)', (connection) => {
  expect(() => createRedisCacheHandler({ prefix: 'unused', buildId: () => 'build-a', ...connection })).toThrow(
    'The Redis cache handler needs a url or clusterNodes.',
  );
});

describeWithRedis('what the handler counts and stores, step by step', () => {
  it('counts every kind of read: miss, local hit, local and Redis stale, local expiry, and the log events it applied', async () => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix);
    // A miss under a page's soft tag: this process takes the lock and computes.
    expect(await requestGet(handler, 'k', ['_N_T_/page'])).toBeUndefined();
    await handler.set('k', Promise.resolve(entryOf('v', { tags: ['t'] })));
    expect(await textOf(await requestGet(handler, 'k'))).toBe('v');
    // Another process marks the tag stale (no pub/sub hint): the local copy is served stale once and dropped ...
    await appendBehindItsBack(prefix, { tags: ['t'], mode: 'stale', writtenMsAgo: 60_000 });
    expect((await requestGet(handler, 'k'))?.revalidate).toBe(-1);
    // ... then Redis's copy is served stale and kept locally again.
    expect((await requestGet(handler, 'k'))?.revalidate).toBe(-1);
    // Expiring the soft tag of the miss expires the entry, though this read carries no soft tags.
    await appendBehindItsBack(prefix, { tags: ['_N_T_/page'], mode: 'expire', writtenMsAgo: 30_000 });
    expect(await requestGet(handler, 'k')).toBeUndefined();

    const stats = handler.stats();
    expect(stats).toEqual({
      localHits: 1,
      redisHits: 0,
      misses: 2,
      stale: 2,
      singleFlightWaits: 0,
      errors: 0,
      localStale: 1,
      redisStale: 1,
      localExpired: 1,
      localMisses: 2,
      redisMisses: 1,
      singleFlightTimeouts: 0,
      updateTagsCalls: 0,
      updateTagsFailures: 0,
      refreshCalls: 6,
      refreshRoundTrips: 6,
      mirrorResets: 0,
      invalidationsApplied: 2,
      propagationLagMsSum: expect.any(Number),
      propagationLagMsMax: expect.any(Number),
      localEntries: 0,
      localBytes: 0,
      redisHealthy: true,
      outage: false,
      logPosition: 2,
      mirroredTags: 2,
    });
    // The lag is Redis's clock at the read minus the event's write time: about 60 s, then about 30 s.
    expect(stats.propagationLagMsMax).toBeGreaterThanOrEqual(60_000);
    expect(stats.propagationLagMsMax).toBeLessThan(70_000);
    expect(stats.propagationLagMsSum).toBeGreaterThanOrEqual(90_000);
    expect(stats.propagationLagMsSum).toBeLessThan(stats.propagationLagMsMax + 40_000);
  });

  it('counts invalidations, a Redis hit, a lock winner that waited, and one that timed out', async () => {
    const prefix = newPrefix();
    const writer = await newHandler(prefix);
    const reader = await newHandler(prefix, { lockMs: 5000, waitMs: 300, recheckMs: 100 });
    await writer.set('k', Promise.resolve(entryOf('v', { tags: ['t'] })));
    await writer.updateTags([]);
    await writer.updateTags(['other']);
    expect(await textOf(await requestGet(reader, 'k'))).toBe('v');
    // The writer holds the lock of a cold key and never stores: the reader waits it out, then computes.
    expect(await requestGet(writer, 'cold')).toBeUndefined();
    expect(await requestGet(reader, 'cold')).toBeUndefined();
    expect(writer.stats()).toMatchObject({ updateTagsCalls: 1, updateTagsFailures: 0, misses: 1, singleFlightWaits: 0 });
    expect(reader.stats()).toMatchObject({
      redisHits: 1,
      localMisses: 2,
      redisMisses: 1,
      misses: 1,
      singleFlightWaits: 1,
      singleFlightTimeouts: 1,
      invalidationsApplied: 1,
    });
  });

  it('stores the soft tags of the miss that took the lock with the entry, and none once that record lapsed', async () => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix, { lockMs: 50 });
    const storedTags = async (cacheKey: string) => {
      const redis = rawRedis();
      const meta = await redis.hget(entryKey(prefix, cacheKey), 'meta');
      await redis.quit();
      return (JSON.parse(meta ?? '{}') as { tags?: string[] }).tags;
    };
    expect(await requestGet(handler, 'soon', ['_N_T_/page', 't'])).toBeUndefined();
    await handler.set('soon', Promise.resolve(entryOf('v', { tags: ['t'] })));
    expect(await storedTags('soon')).toEqual(['t', '_N_T_/page']);
    expect(await requestGet(handler, 'late', ['_N_T_/page'])).toBeUndefined();
    // The compute took longer than the lock: its record is dropped with the lock.
    await sleep(200);
    await handler.set('late', Promise.resolve(entryOf('v', { tags: ['t'] })));
    expect(await storedTags('late')).toEqual(['t']);
  });

  it('releases the lock when the computation fails or its result is not stored', async () => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix, { maxEntryBytes: 10 });
    const redis = rawRedis();
    expect(await requestGet(handler, 'failing')).toBeUndefined();
    expect(await redis.exists(lockKey(prefix, 'failing'))).toBe(1);
    await handler.set('failing', Promise.reject(new Error('the render failed')));
    expect(await redis.exists(lockKey(prefix, 'failing'))).toBe(0);
    expect(handler.stats().errors).toBe(1);
    expect(await requestGet(handler, 'oversized')).toBeUndefined();
    await handler.set('oversized', Promise.resolve(entryOf('more than ten bytes')));
    expect(await redis.exists(lockKey(prefix, 'oversized'))).toBe(0);
    expect(await redis.exists(entryKey(prefix, 'oversized'))).toBe(0);
    await redis.quit();
  });

  it('takes a lock for lockMs, 5 s unless told', async () => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix);
    expect(await requestGet(handler, 'k')).toBeUndefined();
    const redis = rawRedis();
    const ttl = await redis.pttl(lockKey(prefix, 'k'));
    await redis.quit();
    expect(ttl).toBeGreaterThan(4000);
    expect(ttl).toBeLessThanOrEqual(5000);
  });

  it('reads its own invalidation at once: an entry computed right after it is stored and fresh', async () => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix);
    await handler.updateTags(['t']);
    await sleep(2);
    await handler.set('k', Promise.resolve(entryOf('computed after the edit', { tags: ['t'] })));
    // No refreshTags in between: its own write moved it along the log.
    expect(await textOf(await handler.get('k', []))).toBe('computed after the edit');
    expect(handler.stats()).toMatchObject({ localHits: 1, logPosition: 1 });
  });

  it('keeps no local copy of an entry the generation fence refused', async () => {
    const prefix = newPrefix();
    const slow = await newHandler(prefix);
    const fast = await newHandler(prefix);
    const slowStartedAt = now();
    await sleep(2);
    await fast.updateTags(['unrelated']);
    await fast.set('k', Promise.resolve(entryOf('from the later log position', { tags: ['k'] })));
    // The slow computation began before that log position; nothing it carries was invalidated.
    await slow.set('k', Promise.resolve(entryOf('from the earlier log position', { tags: ['k'], timestamp: slowStartedAt })));
    expect(await textOf(await slow.get('k', []))).toBe('from the later log position');
  });

  it('reads the log itself when no refreshTags came before the first get', async () => {
    const prefix = newPrefix();
    const writer = await newHandler(prefix);
    await writer.set('k', Promise.resolve(entryOf('v')));
    const fresh = createRedisCacheHandler({ url: REDIS_URL ?? '', prefix, buildId: () => 'build-a', log: () => {} });
    try {
      expect(await textOf(await fresh.get('k', []))).toBe('v');
      expect(fresh.stats()).toMatchObject({ refreshCalls: 0, refreshRoundTrips: 1, redisHits: 1 });
    } finally {
      await fresh.close();
    }
  });

  it('counts every call that failed while Redis could not be reached, and reports the outage', async () => {
    const handler = await newHandler(newPrefix(), { url: 'redis://127.0.0.1:1' });
    expect(await requestGet(handler, 'k')).toBeUndefined();
    await handler.updateTags(['t']);
    expect(handler.stats()).toMatchObject({
      // The first read of the log when created, refreshTags, the read get retries, and updateTags.
      errors: 4,
      misses: 1,
      updateTagsCalls: 1,
      updateTagsFailures: 1,
      redisHealthy: false,
      outage: true,
    });
  });

  it('serves no local copy once Redis is gone, even to a get that no refreshTags preceded', async () => {
    const proxy = redisProxy(new URL(REDIS_URL ?? ''));
    await proxy.listen();
    try {
      const handler = await newHandler(newPrefix(), { url: proxy.url });
      await handler.set('k', Promise.resolve(entryOf('v')));
      expect(await textOf(await requestGet(handler, 'k'))).toBe('v');
      await proxy.cut();
      await waitUntil(() => !handler.stats().redisHealthy);
      expect(await handler.get('k', [])).toBeUndefined();
      expect(handler.stats()).toMatchObject({ localHits: 1, misses: 1 });
    } finally {
      await proxy.cut();
    }
  });

  it.each(['meta', 'value', 'seq'])('misses an entry stored without its %s field', async (missing) => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix, { lockMs: 200, waitMs: 100 });
    await handler.set('k', Promise.resolve(entryOf('v')));
    const redis = rawRedis();
    await redis.hdel(entryKey(prefix, 'k'), missing);
    await redis.quit();
    const other = await newHandler(prefix, { lockMs: 200, waitMs: 100 });
    expect(await requestGet(other, 'k')).toBeUndefined();
    expect(other.stats()).toMatchObject({ errors: 0, redisMisses: 1 });
  });

  it('stores nothing for an entry that expires at once (a dynamic one)', async () => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix);
    await handler.set('dynamic', Promise.resolve(entryOf('v', { expire: 0 })));
    const redis = rawRedis();
    expect(await redis.exists(entryKey(prefix, 'dynamic'))).toBe(0);
    await redis.quit();
    expect(handler.stats().localEntries).toBe(0);
  });

  it('gives an entry a TTL of its expire (at least 1 s, at most maxEntrySeconds) plus up to 5 % jitter', async () => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix, { maxEntrySeconds: 200 });
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    await handler.set('hundred', Promise.resolve(entryOf('v', { expire: 100 })));
    await handler.set('capped', Promise.resolve(entryOf('v', { expire: 3600 })));
    await handler.set('fraction', Promise.resolve(entryOf('v', { expire: 0.2 })));
    const redis = rawRedis();
    const ttls = await Promise.all(['hundred', 'capped', 'fraction'].map((key) => redis.pttl(entryKey(prefix, key))));
    await redis.quit();
    // 100 s, 200 s and 1 s, each times 1.025 (the jitter at Math.random() = 0.5), less the time since the write.
    [102_500, 205_000, 1025].forEach((expected, index) => {
      expect(ttls[index]).toBeLessThanOrEqual(expected);
      expect(ttls[index]).toBeGreaterThan(expected - 500);
    });
  });

  it('logs an oversized entry once per key, to console.warn unless told otherwise', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const handler = await newHandler(newPrefix(), { maxEntryBytes: 10, log: undefined });
    await handler.set('big', Promise.resolve(entryOf('twenty bytes of text')));
    await handler.set('big', Promise.resolve(entryOf('twenty bytes of text')));
    await handler.set('other', Promise.resolve(entryOf('twenty bytes of text')));
    expect(warn.mock.calls).toEqual([
      ['[next-redis-cache] cache entry of 20 bytes exceeds 10; not cached.'],
      ['[next-redis-cache] cache entry of 20 bytes exceeds 10; not cached.'],
    ]);
  });

  it('serves a local copy until its expire has passed on this process clock, then goes to Redis', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const prefix = newPrefix();
    const handler = await newHandler(prefix, { maxEntrySeconds: 20 });
    await handler.set('short', Promise.resolve(entryOf('v', { expire: 10 })));
    await handler.set('capped', Promise.resolve(entryOf('v', { expire: 3600 })));
    vi.advanceTimersByTime(10_000);
    // Exactly at its expiry the local copy still counts.
    expect(await textOf(await requestGet(handler, 'short'))).toBe('v');
    expect(handler.stats()).toMatchObject({ localHits: 1, redisHits: 0 });
    vi.advanceTimersByTime(1);
    // Redis still holds it (its TTL runs on the real clock), so the read goes there.
    expect(await textOf(await requestGet(handler, 'short'))).toBe('v');
    expect(handler.stats()).toMatchObject({ localHits: 1, redisHits: 1 });
    vi.advanceTimersByTime(10_000);
    expect(await textOf(await requestGet(handler, 'capped'))).toBe('v');
    expect(handler.stats()).toMatchObject({ localHits: 1, redisHits: 2 });
  });

  it('applies deadlines read from the log on this process clock', async () => {
    const prefix = newPrefix();
    const writer = await newHandler(prefix);
    const reader = await newHandler(prefix);
    for (const key of ['passed', 'ahead', 'none']) await reader.set(key, Promise.resolve(entryOf('v', { tags: [key] })));
    await writer.updateTags(['passed'], { expire: 0 });
    await writer.updateTags(['ahead'], { expire: 3600 });
    await writer.updateTags(['none'], {});
    expect(await requestGet(reader, 'passed')).toBeUndefined();
    expect((await requestGet(reader, 'ahead'))?.revalidate).toBe(-1);
    expect((await requestGet(reader, 'none'))?.revalidate).toBe(-1);
  });

  it('applies pub/sub hints before the next read of the log, and ignores malformed ones', async () => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix);
    for (const key of ['kept', 'stale', 'expired']) {
      const tag = key === 'stale' ? 'tag with spaces' : key;
      await handler.set(key, Promise.resolve(entryOf('v', { tags: [tag] })));
    }
    const redis = rawRedis();
    const channel = `${prefix}:invalidated`;
    for (const hint of ['next expire ["kept"]', '9999 expire not json', '9999 expire {"kept":1}'])
      await redis.publish(channel, hint);
    await redis.publish(channel, '9999 stale ["tag with spaces"]');
    await redis.publish(channel, '9999 expire ["expired"]');
    await redis.quit();
    // An expiring hint leaves the local copy for a read to judge; a stale one drops it, so the read looks in Redis.
    await waitUntil(() => handler.stats().mirroredTags === 2);
    expect(handler.stats().localEntries).toBe(2);
    // No refreshTags: the hints alone decide.
    const read = (key: string) => handler.get(key, []);
    expect(await textOf(await read('kept'))).toBe('v');
    expect((await read('stale'))?.revalidate).toBe(-1);
    expect(await read('expired')).toBeUndefined();
    expect(handler.stats()).toMatchObject({ localHits: 1, localExpired: 1, redisHits: 0, redisStale: 1, errors: 0 });
  });
});
