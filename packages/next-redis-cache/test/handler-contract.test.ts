import { expect, it } from 'vitest';
import {
  describeWithRedis,
  entryKey,
  entryOf,
  logKeys,
  now,
  rawRedis,
  requestGet,
  sleep,
  textOf,
  trackHandlers,
  trackPrefixes,
} from './support/redis';

const newPrefix = trackPrefixes();
const newHandler = trackHandlers();

describeWithRedis("the Redis 'use cache' handler keeps Next's CacheHandler contract", () => {
  it('returns the stored bytes in a fresh stream on every get', async () => {
    const handler = await newHandler(newPrefix());
    await handler.set('k', Promise.resolve(entryOf('hello', { tags: ['t'] })));
    const first = await requestGet(handler, 'k');
    const second = await requestGet(handler, 'k');
    expect(first?.value).not.toBe(second?.value);
    expect(await textOf(first)).toBe('hello');
    expect(await textOf(second)).toBe('hello');
    expect(first?.tags).toEqual(['t']);
  });

  it('makes a get for a key whose set is still pending wait for it instead of missing', async () => {
    const handler = await newHandler(newPrefix());
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
    const writer = await newHandler(prefix);
    const reader = await newHandler(prefix);
    await writer.set('k', Promise.resolve(entryOf('old', { tags: ['org:1:list'] })));
    expect(await textOf(await requestGet(reader, 'k'))).toBe('old');
    await writer.updateTags(['org:1:list']);
    expect(await requestGet(reader, 'k')).toBeUndefined();
    await reader.set('k', Promise.resolve(entryOf('new', { tags: ['org:1:list'] })));
    await sleep(2);
    expect(await textOf(await requestGet(writer, 'k'))).toBe('new');
  });

  it('checks soft (path) tags in get, since getExpiration leaves them to the handler', async () => {
    const handler = await newHandler(newPrefix());
    expect(await handler.getExpiration(['_N_T_/invoices'])).toBe(Infinity);
    await handler.set('k', Promise.resolve(entryOf('page')));
    await handler.updateTags(['_N_T_/invoices']);
    expect(await requestGet(handler, 'k', ['_N_T_/layout', '_N_T_/invoices'])).toBeUndefined();
    expect(await textOf(await requestGet(handler, 'k', ['_N_T_/other']))).toBe('page');
  });

  it('serves an entry whose tag went stale with revalidate -1, then the refreshed entry as fresh', async () => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix);
    const other = await newHandler(prefix);
    await handler.set('k', Promise.resolve(entryOf('old', { tags: ['t'] })));
    await requestGet(handler, 'k');
    await other.updateTags(['t'], { expire: 3600 });
    const stale = await requestGet(handler, 'k');
    expect(await textOf(stale)).toBe('old');
    expect(stale?.revalidate).toBe(-1);
    await sleep(2);
    await handler.set('k', Promise.resolve(entryOf('refreshed', { tags: ['t'] })));
    const fresh = await requestGet(other, 'k');
    expect(await textOf(fresh)).toBe('refreshed');
    expect(fresh?.revalidate).toBe(900);
  });

  it('expires a stale-marked tag once its expire duration has passed', async () => {
    const handler = await newHandler(newPrefix());
    await handler.set('k', Promise.resolve(entryOf('old', { tags: ['t'] })));
    await handler.updateTags(['t'], { expire: 1 });
    expect((await requestGet(handler, 'k'))?.revalidate).toBe(-1);
    await sleep(1100);
    expect(await requestGet(handler, 'k')).toBeUndefined();
  });

  it('drops a local entry when another instance invalidates, even if the pub/sub message is lost', async () => {
    const prefix = newPrefix();
    const reader = await newHandler(prefix);
    await reader.set('k', Promise.resolve(entryOf('v', { tags: ['t'] })));
    expect(await textOf(await requestGet(reader, 'k'))).toBe('v');
    expect(reader.stats().localHits).toBe(1);
    // Append to the log behind the handler's back: no message is published.
    const redis = rawRedis();
    const log = logKeys(prefix);
    const seq = await redis.incr(log.seq);
    await redis.xadd(log.stream, `${seq}-0`, 't', JSON.stringify(['t']), 'm', 'expire', 'a', String(Date.now()), 'x', '');
    await redis.quit();
    expect(await requestGet(reader, 'k')).toBeUndefined();
  });

  it('stores entries with a TTL from expire, so Redis evicts them', async () => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix, { lockMs: 200, waitMs: 100 });
    await handler.set('k', Promise.resolve(entryOf('short', { expire: 1 })));
    const redis = rawRedis();
    const ttl = await redis.pttl(entryKey(prefix, 'k'));
    expect(ttl).toBeGreaterThan(800);
    expect(ttl).toBeLessThanOrEqual(1050);
    await sleep(1200);
    expect(await redis.exists(entryKey(prefix, 'k'))).toBe(0);
    await redis.quit();
    expect(await requestGet(handler, 'k')).toBeUndefined();
  });

  it('keeps two builds apart for entries but shares tag invalidations between them', async () => {
    const prefix = newPrefix();
    const buildA = await newHandler(prefix, { buildId: () => 'build-a' });
    const buildB = await newHandler(prefix, { buildId: () => 'build-b', lockMs: 200, waitMs: 100 });
    await buildA.set('k', Promise.resolve(entryOf('from a', { tags: ['t'] })));
    expect(await requestGet(buildB, 'k')).toBeUndefined();
    await buildB.updateTags(['t']);
    expect(await requestGet(buildA, 'k')).toBeUndefined();
  });

  it('does not cache values over the size limit, and keeps values too big for the local layer in Redis only', async () => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix, { maxEntryBytes: 4096, localBytes: 8192, lockMs: 200, waitMs: 100 });
    await handler.set('huge', Promise.resolve(entryOf(new Uint8Array(5000))));
    expect(await requestGet(handler, 'huge')).toBeUndefined();
    await handler.set('big', Promise.resolve(entryOf(new Uint8Array(3000).fill(7))));
    const big = await requestGet(handler, 'big');
    expect(new Uint8Array(await new Response(big?.value).arrayBuffer())).toEqual(new Uint8Array(3000).fill(7));
    expect(handler.stats()).toMatchObject({ localHits: 0, redisHits: 1, localEntries: 0 });
  });

  it('never stores a result computed before an invalidation over one computed after it (generation fence)', async () => {
    const prefix = newPrefix();
    const slow = await newHandler(prefix, { lockMs: 500, waitMs: 200 });
    const fast = await newHandler(prefix, { lockMs: 500, waitMs: 200 });
    const slowStartedAt = now();
    await sleep(2);
    await fast.updateTags(['t']);
    await sleep(2);
    await fast.set('k', Promise.resolve(entryOf('after the edit', { tags: ['t'] })));
    await slow.set('k', Promise.resolve(entryOf('before the edit', { tags: ['t'], timestamp: slowStartedAt })));
    expect(await textOf(await requestGet(slow, 'k'))).toBe('after the edit');
  });

  it('does not store an entry a tag expired after its computation began', async () => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix, { lockMs: 500, waitMs: 200 });
    const startedAt = now();
    await sleep(2);
    await handler.updateTags(['t']);
    await handler.set('k', Promise.resolve(entryOf('computed before the edit', { tags: ['t'], timestamp: startedAt })));
    const redis = rawRedis();
    expect(await redis.exists(entryKey(prefix, 'k'))).toBe(0);
    await redis.quit();
  });

  it('runs one computation for concurrent misses on two instances, the rest wait for its entry', async () => {
    const prefix = newPrefix();
    const handlers = [await newHandler(prefix), await newHandler(prefix)];
    let computations = 0;
    const read = async (handler: (typeof handlers)[number]) => {
      const hit = await requestGet(handler, 'cold');
      if (hit) return textOf(hit);
      computations += 1;
      await sleep(100);
      await handler.set('cold', Promise.resolve(entryOf('computed once')));
      return 'computed once';
    };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => read(handlers[i % 2]!)));
    expect(computations).toBe(1);
    expect(new Set(results)).toEqual(new Set(['computed once']));
    // The other 19 either waited for that computation or, arriving after its set on a loaded machine, hit its entry.
    const served = handlers.reduce((sum, handler) => {
      const stats = handler.stats();
      return sum + stats.singleFlightWaits + stats.localHits + stats.redisHits;
    }, 0);
    expect(served).toBeGreaterThanOrEqual(19);
  });

  it('lets a waiter compute anyway when the lock holder never stores (it crashed)', async () => {
    const prefix = newPrefix();
    const crashed = await newHandler(prefix, { lockMs: 5000 });
    const waiter = await newHandler(prefix, { waitMs: 300, recheckMs: 100 });
    expect(await requestGet(crashed, 'k')).toBeUndefined();
    const started = performance.now();
    expect(await requestGet(waiter, 'k')).toBeUndefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(waiter.stats()).toMatchObject({ misses: 1, singleFlightWaits: 1 });
  });

  it('answers a miss instead of throwing when Redis cannot be reached', async () => {
    const handler = await newHandler(newPrefix(), { url: 'redis://127.0.0.1:1', clusterNodes: undefined });
    expect(await requestGet(handler, 'k')).toBeUndefined();
    await expect(handler.updateTags(['t'])).resolves.toBeUndefined();
    await expect(handler.set('k', Promise.resolve(entryOf('v')))).resolves.toBeUndefined();
  });
});
