import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCacheHandler } from '@tally/next-redis-cache';
import { entryOf, freePort, sleep, textOf } from './support/redis';

/**
 * The handler's Redis Cluster client, against a one-node cluster that holds every slot: it starts in
 * a moment, unlike the 3-master cluster of cluster.test.ts (which the mutation runs leave out).
 */
let clusterPort = 0;
const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedisServer) console.log('[redis] redis-server is not installed: the one-node Redis Cluster test is skipped.');

const cli = (...args: string[]) => spawnSync('redis-cli', ['-p', String(clusterPort), ...args]).stdout?.toString() ?? '';

describe.skipIf(!hasRedisServer)('the handler on a one-node Redis Cluster', () => {
  let server: ChildProcess | undefined;
  const directory = mkdtempSync(join(tmpdir(), 'next-redis-cache-one-node-'));

  beforeAll(async () => {
    clusterPort = await freePort();
    server = spawn(
      'redis-server',
      [
        '--port',
        String(clusterPort),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        // Without it the node announces an empty address, which the client cannot follow.
        '--cluster-announce-ip',
        '127.0.0.1',
        '--dir',
        directory,
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: 'ignore' },
    );
    for (let attempt = 0; !cli('ping').includes('PONG'); attempt += 1) {
      if (attempt > 100) throw new Error('the one-node cluster did not start');
      await sleep(50);
    }
    cli('cluster', 'addslotsrange', '0', '16383');
    for (let attempt = 0; !cli('cluster', 'info').includes('cluster_state:ok'); attempt += 1) {
      if (attempt > 100) throw new Error('the one-node cluster did not reach cluster_state:ok');
      await sleep(50);
    }
  });

  afterAll(() => {
    server?.kill('SIGTERM');
    rmSync(directory, { recursive: true, force: true });
  });

  it('stores, serves and invalidates through the cluster client, logging nothing', async () => {
    const logs: string[] = [];
    const handler = createRedisCacheHandler({
      clusterNodes: [`127.0.0.1:${clusterPort}`],
      prefix: 'one-node',
      buildId: () => 'build',
      log: (line) => logs.push(line),
    });
    try {
      await handler.refreshTags();
      await handler.set('k', Promise.resolve(entryOf('v', { tags: ['t'] })));
      expect(await textOf(await handler.get('k', []))).toBe('v');
      expect(handler.stats().redisHealthy).toBe(true);
      await handler.updateTags(['t']);
      await handler.refreshTags();
      expect(await handler.get('k', [])).toBeUndefined();
      expect(cli('exists', 'one-node:entry:{build:k}').trim()).toBe('1');
      expect(logs).toEqual([]);
    } finally {
      await handler.close();
    }
  });
});
