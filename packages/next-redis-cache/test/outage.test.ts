import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import { redisProxy } from './support/proxy.mjs';
import {
  describeWithRedis,
  entryOf,
  waitUntil,
  freePort,
  REDIS_URL,
  requestGet,
  sleep,
  textOf,
  trackHandlers,
  trackPrefixes,
} from './support/redis';

const newPrefix = trackPrefixes();
const newHandler = trackHandlers();

describeWithRedis('Redis outages', () => {
  const proxy = redisProxy(new URL(REDIS_URL ?? 'redis://127.0.0.1:6379'));
  afterAll(() => proxy.cut());

  it('keeps answering (misses, no throw, one log line), and after it never serves an entry an outage invalidation hit', async () => {
    await proxy.listen();
    const prefix = newPrefix();
    const logs: string[] = [];
    const instanceA = await newHandler(prefix, { url: proxy.url, log: (line) => logs.push(line) });
    const instanceB = await newHandler(prefix);
    await instanceA.set('k', Promise.resolve(entryOf('before the edit', { tags: ['t'] })));
    expect(await textOf(await requestGet(instanceA, 'k'))).toBe('before the edit');

    await proxy.cut();
    const started = performance.now();
    const reads = await Promise.all(Array.from({ length: 20 }, () => requestGet(instanceA, 'k')));
    expect(performance.now() - started).toBeLessThan(1500);
    expect(reads.every((read) => read === undefined)).toBe(true);
    await expect(instanceA.updateTags(['t'])).resolves.toBeUndefined();
    expect(await requestGet(instanceA, 'k')).toBeUndefined();
    expect(logs).toHaveLength(1);

    await proxy.listen();
    await waitUntil(() => instanceA.stats().redisHealthy);
    await waitUntil(() => logs.length === 2);
    expect(logs[0]).toMatch(
      /^\[next-redis-cache\] Redis cache unavailable \(.+\); serving from the database until it is back\.$/,
    );
    expect(logs[1]).toBe('[next-redis-cache] Redis cache reachable again; local layer dropped, failed invalidations replayed.');
    // Give the replay (it runs on reconnect) a moment to land.
    await sleep(100);
    expect(await requestGet(instanceB, 'k')).toBeUndefined();
    expect(await requestGet(instanceA, 'k')).toBeUndefined();
  });

  it('survives Redis being killed mid-load and restarted: every read resolves, and caching resumes', async () => {
    const privateRedisPort = await freePort();
    const start = () =>
      spawn('redis-server', ['--port', String(privateRedisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
    let server: ChildProcess = start();
    await sleep(300);
    const handler = await newHandler(newPrefix(), { url: `redis://127.0.0.1:${privateRedisPort}`, lockMs: 300, waitMs: 200 });
    await handler.set('k', Promise.resolve(entryOf('v')));
    expect(await textOf(await requestGet(handler, 'k'))).toBe('v');

    let failures = 0;
    let reads = 0;
    let loading = true;
    const load = (async () => {
      while (loading) {
        await requestGet(handler, 'k').then(
          () => (reads += 1),
          () => (failures += 1),
        );
        await sleep(5);
      }
    })();
    await sleep(100);
    server.kill('SIGKILL');
    await sleep(500);
    server = start();
    await waitUntil(() => handler.stats().redisHealthy);
    loading = false;
    await load;
    await handler.set('k', Promise.resolve(entryOf('after the restart')));
    expect(await textOf(await requestGet(handler, 'k'))).toBe('after the restart');
    server.kill('SIGTERM');
    expect(failures).toBe(0);
    expect(reads).toBeGreaterThan(20);
  });
});
