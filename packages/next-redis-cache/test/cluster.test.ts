import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const FIRST_PORT = Number(process.env.TALLY_TEST_CLUSTER_PORT ?? 7601);
const PORTS = [FIRST_PORT, FIRST_PORT + 1, FIRST_PORT + 2];
const NODES = PORTS.map((port) => `127.0.0.1:${port}`);
/** The contract files that hold on a cluster (the outage and single-process proxy tests need one node). */
const CONTRACT = ['packages/next-redis-cache/test/handler-contract.test.ts', 'packages/next-redis-cache/test/tag-log.test.ts'];

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedisServer) console.log('[redis] redis-server is not installed: the Redis Cluster contract run is skipped.');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function clusterReady() {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const states = PORTS.map((port) => spawnSync('redis-cli', ['-p', String(port), 'cluster', 'info']).stdout?.toString() ?? '');
    if (
      states.every((state) =>
        ['cluster_state:ok', 'cluster_slots_ok:16384', 'cluster_known_nodes:3'].every((line) => state.includes(line)),
      )
    )
      return;
    await sleep(100);
  }
  throw new Error('the test cluster did not reach cluster_state:ok');
}

describe.skipIf(!hasRedisServer)('the handler on a local 3-master Redis Cluster', () => {
  const servers: ChildProcess[] = [];
  const directory = mkdtempSync(join(tmpdir(), 'next-redis-cache-cluster-'));

  beforeAll(async () => {
    for (const port of PORTS) {
      servers.push(
        spawn(
          'redis-server',
          [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            `nodes-${port}.conf`,
            '--dir',
            directory,
            '--save',
            '',
            '--appendonly',
            'no',
          ],
          { stdio: 'ignore' },
        ),
      );
    }
    await sleep(300);
    await run('redis-cli', ['--cluster', 'create', ...NODES, '--cluster-replicas', '0', '--cluster-yes']);
    await clusterReady();
  });

  afterAll(() => {
    servers.forEach((server) => server.kill('SIGKILL'));
    rmSync(directory, { recursive: true, force: true });
  });

  it('passes the handler contract, every script on keys of one slot', async () => {
    const result = spawnSync('npx', ['vitest', 'run', '--project', 'redis', ...CONTRACT], {
      env: { ...process.env, REDIS_URL: '', TEST_REDIS_CLUSTER_NODES: NODES.join(',') },
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (result.status !== 0) console.log(result.stdout, result.stderr);
    expect(result.stdout).toMatch(/Tests\s.*passed/);
    expect(result.status).toBe(0);
  }, 150_000);
});
