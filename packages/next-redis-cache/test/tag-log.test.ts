import { afterAll, expect, it } from 'vitest';
import { redisProxy } from './support/proxy.mjs';
import {
  describeWithRedis,
  entryOf,
  logKeys,
  onCluster,
  rawRedis,
  REDIS_URL,
  requestGet,
  sleep,
  textOf,
  trackHandlers,
  trackPrefixes,
} from './support/redis';

const newPrefix = trackPrefixes();
const newHandler = trackHandlers();

describeWithRedis('the invalidation log and its in-process mirror', () => {
  const proxy = redisProxy(new URL(REDIS_URL || 'redis://127.0.0.1:6379'));
  afterAll(() => proxy.cut());

  // The counting proxy stands in front of one node; a cluster client would follow redirects around it.
  it.skipIf(onCluster)(
    'costs one round trip per request for freshness, none for a local hit and one for a Redis hit',
    async () => {
      await proxy.listen();
      const prefix = newPrefix();
      const writer = await newHandler(prefix);
      const reader = await newHandler(prefix, { url: proxy.url });
      await writer.set('k', Promise.resolve(entryOf('v', { tags: ['t'] })));
      // The reader's subscriber connects in the background: count only once its setup has gone through.
      let seen;
      do {
        seen = proxy.sent;
        await sleep(100);
      } while (proxy.sent !== seen);

      let before = proxy.sent;
      await reader.refreshTags();
      expect(proxy.sent - before).toBe(1);
      before = proxy.sent;
      expect(await textOf(await reader.get('k', ['_N_T_/page']))).toBe('v');
      expect(proxy.sent - before).toBe(1);
      before = proxy.sent;
      expect(await textOf(await reader.get('k', ['_N_T_/page']))).toBe('v');
      expect(proxy.sent - before).toBe(0);
      expect(reader.stats()).toMatchObject({ localHits: 1, redisHits: 1, refreshRoundTrips: 2 });
    },
  );

  it('shows a write on one instance to the next request on another, which held the entry locally', async () => {
    const prefix = newPrefix();
    const instanceA = await newHandler(prefix);
    const instanceB = await newHandler(prefix);
    await instanceB.set('k', Promise.resolve(entryOf('before', { tags: ['org:1:list'] })));
    expect(await textOf(await requestGet(instanceB, 'k'))).toBe('before');
    await instanceA.updateTags(['org:1:list']);
    expect(await requestGet(instanceB, 'k')).toBeUndefined();
  });

  it('coalesces concurrent requests into at most two reads of the log', async () => {
    const handler = await newHandler(newPrefix());
    const before = handler.stats().refreshRoundTrips;
    await Promise.all(Array.from({ length: 20 }, () => handler.refreshTags()));
    expect(handler.stats().refreshRoundTrips - before).toBeLessThanOrEqual(2);
  });

  it('drops the local layer and misses older entries when the log was trimmed past this process', async () => {
    const prefix = newPrefix();
    const writer = await newHandler(prefix, { logEntries: 3 });
    const reader = await newHandler(prefix, { logEntries: 3 });
    await reader.set('k', Promise.resolve(entryOf('v', { tags: ['untouched'] })));
    expect(await textOf(await requestGet(reader, 'k'))).toBe('v');
    for (let i = 0; i < 5; i += 1) await writer.updateTags([`other-${i}`]);
    // Nothing the entry carries was invalidated, but the reader cannot know: the log lost events.
    expect(await requestGet(reader, 'k')).toBeUndefined();
    expect(reader.stats()).toMatchObject({ mirrorResets: 1, localEntries: 0 });
    await reader.set('k', Promise.resolve(entryOf('recomputed', { tags: ['untouched'] })));
    expect(await textOf(await requestGet(writer, 'k'))).toBe('recomputed');
  });

  it('drops the local layer when Redis lost its data (a new epoch)', async () => {
    const prefix = newPrefix();
    const handler = await newHandler(prefix);
    await handler.set('k', Promise.resolve(entryOf('v')));
    expect(await textOf(await requestGet(handler, 'k'))).toBe('v');
    const redis = rawRedis();
    const log = logKeys(prefix);
    await redis.del(log.epoch, log.seq, log.stream);
    await redis.quit();
    await handler.refreshTags();
    expect(handler.stats()).toMatchObject({ mirrorResets: 1, localEntries: 0 });
  });

  it('never answers a joined lookup with an entry computed before an invalidation it knows', async () => {
    const handler = await newHandler(newPrefix());
    let finish: (entry: ReturnType<typeof entryOf>) => void = () => {};
    // A computation begins, then the tag is invalidated (on this process) while it runs ...
    const computed = entryOf('before the edit', { tags: ['t'] });
    await sleep(2);
    const setting = handler.set('k', new Promise((resolve) => (finish = resolve)));
    await handler.updateTags(['t']);
    // ... and a request that arrives now joins the pending lookup: it must not get the old result.
    const joined = handler.get('k', []);
    finish(computed);
    await setting;
    expect(await joined).toBeUndefined();
  });
});
