import { Redis } from 'ioredis';
import { expect, it } from 'vitest';
import { describeWithRedis, entryOf, REDIS_URL, sleep, textOf, useHandlers, usePrefixes } from './support/redis';

const newPrefix = usePrefixes();
const newHandler = useHandlers();
const before = () => Date.now() - 10;

describeWithRedis("the Redis 'use cache' handler keeps Next's CacheHandler contract", () => {
  it('returns the stored bytes in a fresh stream on every get', async () => {
    const handler = newHandler(newPrefix());
    await handler.set('k', Promise.resolve(entryOf('hello', { tags: ['t'] })));
    const first = await handler.get('k', []);
    const second = await handler.get('k', []);
    expect(first?.value).not.toBe(second?.value);
    expect(await textOf(first)).toBe('hello');
    expect(await textOf(second)).toBe('hello');
    expect(first?.tags).toEqual(['t']);
  });

  it('makes a get for a key whose set is still pending wait for it instead of missing', async () => {
    const handler = newHandler(newPrefix());
    let finish: (entry: ReturnType<typeof entryOf>) => void = () => {};
    const setting = handler.set('k', new Promise((resolve) => (finish = resolve)));
    const reading = handler.get('k', []);
    await sleep(50);
    finish(entryOf('late'));
    await setting;
    expect(await textOf(await reading)).toBe('late');
  });

  it('misses once an explicit tag expired after the entry was written, and hits an entry written later', async () => {
    const prefix = newPrefix();
    const writer = newHandler(prefix);
    const reader = newHandler(prefix);
    await writer.set('k', Promise.resolve(entryOf('old', { tags: ['org:1:list'], timestamp: before() })));
    expect(await textOf(await reader.get('k', []))).toBe('old');
    await writer.updateTags(['org:1:list']);
    expect(await reader.get('k', [])).toBeUndefined();
    await reader.set('k', Promise.resolve(entryOf('new', { tags: ['org:1:list'] })));
    await sleep(2);
    expect(await textOf(await writer.get('k', []))).toBe('new');
  });

  it('checks soft (path) tags in get, since getExpiration leaves them to the handler', async () => {
    const handler = newHandler(newPrefix());
    expect(await handler.getExpiration(['_N_T_/invoices'])).toBe(Infinity);
    await handler.set('k', Promise.resolve(entryOf('page', { timestamp: before() })));
    await handler.updateTags(['_N_T_/invoices']);
    expect(await handler.get('k', ['_N_T_/layout', '_N_T_/invoices'])).toBeUndefined();
    expect(await textOf(await handler.get('k', ['_N_T_/other']))).toBe('page');
  });

  it('serves an entry whose tag went stale with revalidate -1, then the refreshed entry as fresh', async () => {
    const prefix = newPrefix();
    const handler = newHandler(prefix);
    const other = newHandler(prefix);
    await handler.set('k', Promise.resolve(entryOf('old', { tags: ['t'], timestamp: before() })));
    await handler.get('k', []);
    await other.updateTags(['t'], { expire: 3600 });
    const stale = await handler.get('k', []);
    expect(await textOf(stale)).toBe('old');
    expect(stale?.revalidate).toBe(-1);
    await sleep(2);
    await handler.set('k', Promise.resolve(entryOf('refreshed', { tags: ['t'] })));
    const fresh = await other.get('k', []);
    expect(await textOf(fresh)).toBe('refreshed');
    expect(fresh?.revalidate).toBe(900);
  });

  it('expires a stale-marked tag once its expire duration has passed', async () => {
    const handler = newHandler(newPrefix());
    await handler.set('k', Promise.resolve(entryOf('old', { tags: ['t'], timestamp: before() })));
    await handler.updateTags(['t'], { expire: 1 });
    expect((await handler.get('k', []))?.revalidate).toBe(-1);
    await sleep(1100);
    expect(await handler.get('k', [])).toBeUndefined();
  });

  it('drops a local entry when another instance invalidates, even if the pub/sub message is lost', async () => {
    const prefix = newPrefix();
    const reader = newHandler(prefix);
    await reader.set('k', Promise.resolve(entryOf('v', { tags: ['t'], timestamp: before() })));
    expect(await textOf(await reader.get('k', []))).toBe('v');
    expect(reader.stats().localHits).toBe(1);
    // Write the tag state behind the handler's back: no message is published.
    const redis = new Redis(REDIS_URL ?? '');
    await redis.hset(`${prefix}:tag:t`, 'expired', String(Date.now()));
    await redis.quit();
    expect(await reader.get('k', [])).toBeUndefined();
  });

  it('stores entries with a TTL from expire, so Redis evicts them', async () => {
    const prefix = newPrefix();
    const handler = newHandler(prefix, { lockMs: 200, waitMs: 100 });
    await handler.set('k', Promise.resolve(entryOf('short', { expire: 1 })));
    const redis = new Redis(REDIS_URL ?? '');
    const ttl = await redis.pttl(`${prefix}:entry:build-a:k`);
    expect(ttl).toBeGreaterThan(800);
    expect(ttl).toBeLessThanOrEqual(1050);
    await sleep(1200);
    expect(await redis.exists(`${prefix}:entry:build-a:k`)).toBe(0);
    await redis.quit();
    expect(await handler.get('k', [])).toBeUndefined();
  });

  it('keeps two builds apart for entries but shares tag invalidations between them', async () => {
    const prefix = newPrefix();
    const buildA = newHandler(prefix, { buildId: () => 'build-a' });
    const buildB = newHandler(prefix, { buildId: () => 'build-b', lockMs: 200, waitMs: 100 });
    await buildA.set('k', Promise.resolve(entryOf('from a', { tags: ['t'], timestamp: before() })));
    expect(await buildB.get('k', [])).toBeUndefined();
    await buildB.updateTags(['t']);
    expect(await buildA.get('k', [])).toBeUndefined();
  });

  it('does not cache values over the size limit, and keeps values too big for the local layer in Redis only', async () => {
    const prefix = newPrefix();
    const handler = newHandler(prefix, { maxEntryBytes: 4096, localBytes: 8192, lockMs: 200, waitMs: 100 });
    await handler.set('huge', Promise.resolve(entryOf(new Uint8Array(5000))));
    expect(await handler.get('huge', [])).toBeUndefined();
    await handler.set('big', Promise.resolve(entryOf(new Uint8Array(3000).fill(7))));
    const big = await handler.get('big', []);
    expect(new Uint8Array(await new Response(big?.value).arrayBuffer())).toEqual(new Uint8Array(3000).fill(7));
    expect(handler.stats()).toMatchObject({ localHits: 0, redisHits: 1, localEntries: 0 });
  });

  it('never stores a result computed before an invalidation over one computed after it (generation fence)', async () => {
    const prefix = newPrefix();
    const slow = newHandler(prefix, { lockMs: 500, waitMs: 200 });
    const fast = newHandler(prefix, { lockMs: 500, waitMs: 200 });
    const slowStartedAt = Date.now() - 20;
    await fast.updateTags(['t']);
    await sleep(2);
    await fast.set('k', Promise.resolve(entryOf('after the edit', { tags: ['t'] })));
    await slow.set('k', Promise.resolve(entryOf('before the edit', { tags: ['t'], timestamp: slowStartedAt })));
    expect(await textOf(await slow.get('k', []))).toBe('after the edit');
  });

  it('does not store an entry a tag expired after its computation began', async () => {
    const prefix = newPrefix();
    const handler = newHandler(prefix, { lockMs: 500, waitMs: 200 });
    const startedAt = Date.now() - 5;
    await handler.updateTags(['t']);
    await handler.set('k', Promise.resolve(entryOf('computed before the edit', { tags: ['t'], timestamp: startedAt })));
    const redis = new Redis(REDIS_URL ?? '');
    expect(await redis.exists(`${prefix}:entry:build-a:k`)).toBe(0);
    await redis.quit();
  });

  it('runs one computation for concurrent misses on two instances, the rest wait for its entry', async () => {
    const prefix = newPrefix();
    const handlers = [newHandler(prefix), newHandler(prefix)];
    let computations = 0;
    const read = async (handler: (typeof handlers)[number]) => {
      const hit = await handler.get('cold', []);
      if (hit) return textOf(hit);
      computations += 1;
      await sleep(100);
      await handler.set('cold', Promise.resolve(entryOf('computed once')));
      return 'computed once';
    };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => read(handlers[i % 2]!)));
    expect(computations).toBe(1);
    expect(new Set(results)).toEqual(new Set(['computed once']));
    expect(handlers[0]!.stats().singleFlightWaits + handlers[1]!.stats().singleFlightWaits).toBe(19);
  });

  it('lets a waiter compute anyway when the lock holder never stores (it crashed)', async () => {
    const prefix = newPrefix();
    const crashed = newHandler(prefix, { lockMs: 5000 });
    const waiter = newHandler(prefix, { waitMs: 300, recheckMs: 100 });
    expect(await crashed.get('k', [])).toBeUndefined();
    const started = performance.now();
    expect(await waiter.get('k', [])).toBeUndefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(waiter.stats()).toMatchObject({ misses: 1, singleFlightWaits: 1 });
  });

  it('answers a miss instead of throwing when Redis cannot be reached', async () => {
    const handler = newHandler(newPrefix(), { url: 'redis://127.0.0.1:1' });
    expect(await handler.get('k', [])).toBeUndefined();
    await expect(handler.updateTags(['t'])).resolves.toBeUndefined();
    await expect(handler.set('k', Promise.resolve(entryOf('v')))).resolves.toBeUndefined();
  });
});
