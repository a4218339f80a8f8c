import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { describeWithRedis, entryOf, REDIS_URL, sleep, textOf, useHandlers, usePrefixes } from './support/redis';

const newPrefix = usePrefixes();
const newHandler = useHandlers();
const PROXY_PORT = Number(process.env.TALLY_TEST_REDIS_PROXY_PORT ?? 3392);
const PRIVATE_REDIS_PORT = Number(process.env.TALLY_TEST_PRIVATE_REDIS_PORT ?? 3391);

/** A TCP hop in front of the shared Redis that can be cut and restored, so its data survives the "outage". */
function cuttableProxy(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = createConnection(Number(target.port || 6379), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
      }).listen(PROXY_PORT, '127.0.0.1', resolve);
    });
  return {
    url: `redis://127.0.0.1:${PROXY_PORT}`,
    listen,
    async cut() {
      await new Promise((resolve) => {
        server?.close(resolve);
        sockets.forEach((socket) => socket.destroy());
      });
    },
  };
}

async function until(condition: () => boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describeWithRedis('Redis outages', () => {
  const proxy = cuttableProxy(new URL(REDIS_URL ?? 'redis://127.0.0.1:6379'));
  afterAll(() => proxy.cut());

  it('keeps answering (misses, no throw, one log line), and after it never serves an entry an outage invalidation hit', async () => {
    await proxy.listen();
    const prefix = newPrefix();
    const logs: string[] = [];
    const instanceA = newHandler(prefix, { url: proxy.url, log: (line) => logs.push(line) });
    const instanceB = newHandler(prefix);
    await instanceA.set('k', Promise.resolve(entryOf('before the edit', { tags: ['t'], timestamp: Date.now() - 10 })));
    expect(await textOf(await instanceA.get('k', []))).toBe('before the edit');

    await proxy.cut();
    const started = performance.now();
    const reads = await Promise.all(Array.from({ length: 20 }, () => instanceA.get('k', [])));
    expect(performance.now() - started).toBeLessThan(1500);
    expect(reads.every((read) => read === undefined)).toBe(true);
    await expect(instanceA.updateTags(['t'])).resolves.toBeUndefined();
    expect(await instanceA.get('k', [])).toBeUndefined();
    expect(logs).toHaveLength(1);

    await proxy.listen();
    await until(() => instanceA.stats().redisHealthy);
    await until(() => logs.length === 2);
    // Give the replay (it runs on reconnect) a moment to land.
    await sleep(100);
    expect(await instanceB.get('k', [])).toBeUndefined();
    expect(await instanceA.get('k', [])).toBeUndefined();
  });

  it('survives Redis being killed mid-load and restarted: every read resolves, and caching resumes', async () => {
    const start = () =>
      spawn('redis-server', ['--port', String(PRIVATE_REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    let server: ChildProcess = start();
    await sleep(300);
    const handler = newHandler(newPrefix(), { url: `redis://127.0.0.1:${PRIVATE_REDIS_PORT}`, lockMs: 300, waitMs: 200 });
    await handler.set('k', Promise.resolve(entryOf('v')));
    expect(await textOf(await handler.get('k', []))).toBe('v');

    let failures = 0;
    let reads = 0;
    let loading = true;
    const load = (async () => {
      while (loading) {
        await handler.get('k', []).then(
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
    await until(() => handler.stats().redisHealthy);
    loading = false;
    await load;
    await handler.set('k', Promise.resolve(entryOf('after the restart')));
    expect(await textOf(await handler.get('k', []))).toBe('after the restart');
    server.kill('SIGTERM');
    expect(failures).toBe(0);
    expect(reads).toBeGreaterThan(20);
  });
});
