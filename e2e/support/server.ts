import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { deleteRedisKeys } from '../../scripts/redis-keys.mjs';

export interface RunningServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
}

/**
 * Starts `next start` on `port` with its own fresh embedded database, and waits until `waitFor` answers 2xx.
 * With REDIS_URL set the app caches in Redis: under a key prefix of its own, deleted at stop, since
 * every fresh database reuses the same demo ids.
 */
export async function startServer(
  port: number,
  env: Record<string, string> = {},
  { waitFor = '/api/health' } = {},
): Promise<RunningServer> {
  const dataDir = join(process.cwd(), '.e2e', `pglite-${port}-${Date.now()}`);
  mkdirSync(dataDir, { recursive: true });
  const cachePrefix = `tally-e2e-${port}-${Date.now()}`;
  const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port)], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      TALLY_DATA_DIR: dataDir,
      TALLY_DEMO: '1',
      TALLY_TEST_SWITCHES: '1',
      TALLY_CACHE_PREFIX: cachePrefix,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (process.env.REDIS_URL) await deleteRedisKeys(process.env.REDIS_URL, cachePrefix);
  };
  for (let attempt = 0; attempt < 240; attempt += 1) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${url}${waitFor}`)).ok) return { url, process: child, stop, output: () => output.join('') };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`next start on ${port} did not become healthy:\n${output.join('')}`);
}
