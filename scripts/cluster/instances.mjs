// @ts-check
// Starting `next start` instances that share one Postgres and one Redis (npm run cluster, the
// multi-instance e2e suite and the benchmarks all go through here).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/**
 * @typedef {{ name: string, port: number, url: string, stop(): Promise<void>, output(): string }} Instance
 */

/**
 * The environment every instance must share: the same database, Redis, server-actions key and auth
 * settings, so a session and a Server Action started on one instance work on any other.
 * @param {{ publicUrl: string, env?: NodeJS.ProcessEnv }} options
 */
export function sharedEnvironment({ publicUrl, env = process.env }) {
  if (!env.DATABASE_URL) throw new Error('A cluster needs DATABASE_URL (a Postgres server): PGlite belongs to one process.');
  if (!env.REDIS_URL) throw new Error('A cluster needs REDIS_URL: without it every instance caches on its own.');
  return {
    ...env,
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY ?? randomBytes(32).toString('base64'),
    BETTER_AUTH_URL: env.BETTER_AUTH_URL ?? publicUrl,
    // Without a real secret the cluster runs in demo mode (the demo accounts and their fixed secret).
    TALLY_DEMO: env.TALLY_DEMO ?? (env.BETTER_AUTH_SECRET ? undefined : '1'),
  };
}

/**
 * How an instance is served: `next start` alone, or `npm start`'s server (scripts/start.mjs: Next's
 * request handler behind the admission guard, what production runs), without its build step.
 * @typedef {'next-start' | 'npm-start'} Server
 */
const SERVER_ARGS = {
  'next-start': (/** @type {number} */ port) => ['node_modules/next/dist/bin/next', 'start', '-p', String(port)],
  'npm-start': () => ['scripts/start.mjs'],
};
/** scripts/start.mjs binds the host it is given (localhost by default); the instances' URLs name 127.0.0.1. */
const SERVER_ENV = { 'next-start': {}, 'npm-start': { HOSTNAME: '127.0.0.1' } };

/**
 * Starts an instance on `port` and resolves once it is ready (/api/health/ready: database, Redis and
 * job queue reachable; the first database use also migrates and seeds).
 * @param {{ name: string, port: number, env: NodeJS.ProcessEnv, server?: Server }} options
 * @returns {Promise<Instance>}
 */
export async function startInstance({ name, port, env, server = 'next-start' }) {
  const child = spawn(process.execPath, SERVER_ARGS[server](port), {
    env: { ...env, ...SERVER_ENV[server], PORT: String(port), TALLY_INSTANCE: name },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = /** @type {string[]} */ ([]);
  child.stdout.on('data', (/** @type {Buffer} */ chunk) => output.push(chunk.toString()));
  child.stderr.on('data', (/** @type {Buffer} */ chunk) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    // A server still finishing background work gets a few seconds, then is killed.
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  for (let attempt = 0; attempt < 240; attempt += 1) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${url}/api/health/ready`)).ok) return { name, port, url, stop, output: () => output.join('') };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`${name} (next start on ${port}) did not become healthy:\n${output.join('')}`);
}

/**
 * N instances on consecutive ports, started one after another (the first migrates and seeds).
 * @param {{ count: number, firstPort: number, env: NodeJS.ProcessEnv, server?: Server }} options
 */
export async function startInstances({ count, firstPort, env, server }) {
  /** @type {Instance[]} */
  const started = [];
  try {
    for (let index = 0; index < count; index += 1) {
      // One instance works the job queue (decision 010); its invalidations reach the others through Redis.
      const worker = env.TALLY_WORKER ?? (index === 0 ? '1' : '0');
      started.push(
        await startInstance({
          name: `instance-${index + 1}`,
          port: firstPort + index,
          env: { ...env, TALLY_WORKER: worker },
          server,
        }),
      );
    }
  } catch (error) {
    await Promise.all(started.map((instance) => instance.stop()));
    throw error;
  }
  return started;
}
