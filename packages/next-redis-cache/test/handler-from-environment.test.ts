import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { createRedisCacheHandler } from '../src/create-handler.mjs';
import { describeWithRedis, entryOf, freePort, sleep, textOf } from './support/redis';

/**
 * `handler.mjs`, the module `cacheHandlers.default` points at, read from the environment the way a
 * Next server starts it. It connects to a Redis server of its own (the default prefix must not touch
 * anyone else's keys), and each case imports the module afresh.
 */
let privateRedisPort = 0;
let privateRedisUrl = '';
const HANDLER = Symbol.for('tally.redis-cache-handler');
const holder = globalThis as unknown as Record<symbol, { close?: () => Promise<void> } | undefined>;
const ENVIRONMENT = [
  'NEXT_PHASE',
  'REDIS_URL',
  'REDIS_CLUSTER_NODES',
  'TALLY_CACHE_LOCAL_MB',
  'TALLY_CACHE_LOG_ENTRIES',
  'TALLY_CACHE_PREFIX',
  'NEXT_DEPLOYMENT_ID',
];

type LoadedHandler = ReturnType<typeof createRedisCacheHandler>;

let imports = 0;

/**
 * Imports handler.mjs as a new process would, with exactly these variables set. A new query string
 * makes a new instance of that one module; the modules it imports stay loaded.
 */
async function loadHandler(environment: Record<string, string>) {
  for (const name of ENVIRONMENT) vi.stubEnv(name, environment[name]);
  imports += 1;
  const loaded = (await import(/* @vite-ignore */ `../src/handler.mjs?import=${imports}`)) as { default: LoadedHandler };
  return loaded.default;
}

let server: ChildProcess | undefined;
let redis: Redis;

afterEach(async () => {
  vi.restoreAllMocks();
  await holder[HANDLER]?.close?.();
  delete holder[HANDLER];
  vi.unstubAllEnvs();
});

it('answers every call without connecting while `next build` imports it', async () => {
  const handler = await loadHandler({ NEXT_PHASE: 'phase-production-build' });
  expect(await handler.get('k', [])).toBeUndefined();
  await expect(handler.set('k', Promise.resolve(entryOf('v')))).resolves.toBeUndefined();
  await expect(handler.refreshTags()).resolves.toBeUndefined();
  expect(await handler.getExpiration(['t'])).toBe(0);
  await expect(handler.updateTags(['t'])).resolves.toBeUndefined();
});

it.each<Record<string, string>>([{}, { REDIS_CLUSTER_NODES: ' , ' }])(
  'refuses to start without a Redis to use (%j)',
  async (environment) => {
    await expect(loadHandler(environment)).rejects.toThrow('The Redis cache handler needs REDIS_URL or REDIS_CLUSTER_NODES.');
  },
);

it('reads REDIS_CLUSTER_NODES as a comma-separated list of seeds, spaces allowed', async () => {
  // Nothing connects until the first call, so unreachable seeds do for this.
  const handler = await loadHandler({ REDIS_CLUSTER_NODES: ' 127.0.0.1:1 , 127.0.0.1:2 ' });
  expect(handler).toBeDefined();
});

describeWithRedis('the handler configured from the environment', () => {
  beforeAll(async () => {
    privateRedisPort = await freePort();
    privateRedisUrl = `redis://127.0.0.1:${privateRedisPort}`;
    server = spawn(
      'redis-server',
      ['--port', String(privateRedisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    redis = new Redis(privateRedisUrl, { lazyConnect: true, retryStrategy: () => 50 });
    // Refused until the server listens.
    redis.on('error', () => {});
    const deadline = Date.now() + 5000;
    while ((await redis.ping().catch(() => null)) !== 'PONG') {
      if (Date.now() > deadline) throw new Error('the private Redis server did not start');
      await sleep(50);
    }
  });
  afterAll(async () => {
    await redis?.quit();
    server?.kill('SIGTERM');
  });

  it('is one handler per process, under TALLY_CACHE_PREFIX and NEXT_DEPLOYMENT_ID', async () => {
    const environment = { REDIS_URL: privateRedisUrl, TALLY_CACHE_PREFIX: 'from-env', NEXT_DEPLOYMENT_ID: 'deployment-7' };
    const handler = await loadHandler(environment);
    expect(await loadHandler(environment)).toBe(handler);
    await handler.refreshTags();
    await handler.set('k', Promise.resolve(entryOf('v')));
    expect(await redis.exists('from-env:entry:{deployment-7:k}')).toBe(1);
  });

  it("defaults to the prefix 'tally' and the build id in .next/BUILD_ID", async () => {
    const directory = mkdtempSync(join(tmpdir(), 'next-redis-cache-build-'));
    mkdirSync(join(directory, '.next'));
    writeFileSync(join(directory, '.next', 'BUILD_ID'), 'build-from-file\n');
    // Test workers cannot chdir; the handler reads the file under process.cwd().
    vi.spyOn(process, 'cwd').mockReturnValue(directory);
    try {
      const handler = await loadHandler({ REDIS_URL: privateRedisUrl });
      await handler.refreshTags();
      await handler.set('k', Promise.resolve(entryOf('v')));
      expect(await redis.exists('tally:entry:{build-from-file:k}')).toBe(1);
    } finally {
      rmSync(directory, { recursive: true });
    }
  });

  it('sizes the local layer from TALLY_CACHE_LOCAL_MB and the log from TALLY_CACHE_LOG_ENTRIES', async () => {
    const handler = await loadHandler({
      REDIS_URL: privateRedisUrl,
      TALLY_CACHE_PREFIX: 'sized',
      NEXT_DEPLOYMENT_ID: 'build',
      // 1024 bytes: an entry over 256 bytes lives in Redis only.
      TALLY_CACHE_LOCAL_MB: String(1 / 1024),
      TALLY_CACHE_LOG_ENTRIES: '2',
    });
    await handler.refreshTags();
    await handler.set('small', Promise.resolve(entryOf('x'.repeat(256))));
    await handler.set('large', Promise.resolve(entryOf('x'.repeat(257))));
    expect(handler.stats().localEntries).toBe(1);
    expect(await textOf(await handler.get('large', []))).toBe('x'.repeat(257));
    for (const tag of ['a', 'b', 'c', 'd']) await handler.updateTags([tag]);
    expect(await redis.xlen('sized:{sized:log}:stream')).toBe(2);
  });

  it('keeps a local layer (64 MB) and 10,000 log entries unless told', async () => {
    const handler = await loadHandler({
      REDIS_URL: privateRedisUrl,
      TALLY_CACHE_PREFIX: 'defaults',
      NEXT_DEPLOYMENT_ID: 'build',
    });
    await handler.refreshTags();
    await handler.set('one megabyte', Promise.resolve(entryOf(new Uint8Array(1024 * 1024))));
    expect(handler.stats().localEntries).toBe(1);
    for (const tag of ['a', 'b', 'c']) await handler.updateTags([tag]);
    expect(await redis.xlen('defaults:{defaults:log}:stream')).toBe(3);
  });
});
