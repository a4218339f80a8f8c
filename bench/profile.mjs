// CPU profiles of a warm signed-in /invoices: `next start` under `node --cpu-prof`, loaded with autocannon,
// stopped gracefully (the profile is written at exit). Only the samples taken while the load ran are read:
// V8 stamps samples with the monotonic clock `process.hrtime` reads here, so the window is exact.
// Two readings: the functions and packages with the most self time (built-in cache), and the share of the
// server's CPU that each shared cache handler and its Redis client take (decision 035).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_USER, load } from './http.mjs';
import { signIn } from './support.mjs';

const microseconds = () => Number(process.hrtime.bigint() / 1000n);

/** Self time (µs) of every profile node over the samples taken inside `window` ([from, to] in µs). */
function selfTimeInWindow(profile, window) {
  const selfTime = new Map();
  let timestamp = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    timestamp += delta;
    if (timestamp < window[0] || timestamp > window[1]) return;
    selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
  });
  return selfTime;
}

const NOT_RUNNING = new Set(['(idle)', '(root)']);

/** Self time per function and per package over the load's window. */
export function summarizeProfile(profile, window, top = 10) {
  const selfTime = selfTimeInWindow(profile, window);
  const total = [...selfTime.values()].reduce((sum, value) => sum + value, 0);
  const byFunction = new Map();
  const byPackage = new Map();
  for (const node of profile.nodes) {
    const self = selfTime.get(node.id) ?? 0;
    if (self === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, '').replace(process.cwd(), '.');
    const name =
      `${functionName || '(anonymous)'} ${file ? `${file.split('/').slice(-2).join('/')}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + self);
    const pkg =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ??
      (file.startsWith('./.next') ? 'app bundle (.next)' : file ? 'node internals' : functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + self);
  }
  const ranked = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, self]) => ({ name, percent: (100 * self) / total }));
  return { functions: ranked(byFunction), packages: ranked(byPackage) };
}

/**
 * The code of a shared cache handler and of the Redis clients the handlers use (ioredis and its parser;
 * node-redis, which the trieb peer takes). Socket work in Node's own `net` is left out, so the figure is
 * a lower bound for every handler alike.
 */
export const HANDLER_CODE =
  /packages\/next-redis-cache\/src\/|bench\/peer-cache-|bench\/plain-handler|node_modules\/(?:ioredis|@ioredis|redis-parser|redis-errors|standard-as-callback|denque|cluster-key-slot|redis|@redis|generic-pool|@trieb\.work|@tally\/next-redis-cache)\//;

/**
 * Over the load's window: the server's CPU time per request (every sample but idle) and the part of it
 * spent in handler code. The share is the figure to compare: a host that runs slower stretches both.
 */
export function handlerCost(profile, window, requests) {
  const selfTime = selfTimeInWindow(profile, window);
  let busy = 0;
  let handler = 0;
  for (const node of profile.nodes) {
    const self = selfTime.get(node.id) ?? 0;
    if (self === 0 || NOT_RUNNING.has(node.callFrame.functionName)) continue;
    busy += self;
    if (HANDLER_CODE.test(node.callFrame.url)) handler += self;
  }
  return {
    requests,
    busyMsPerRequest: busy / 1000 / requests,
    handlerMsPerRequest: handler / 1000 / requests,
    handlerShare: handler / busy,
  };
}

/** `next start` under the profiler, warmed, loaded for `seconds`, stopped: the profile and the load's window. */
async function profiledLoad({ port, env, seconds, connections = 8 }) {
  const dir = mkdtempSync(join(tmpdir(), 'tally-profile-'));
  const child = spawn(
    process.execPath,
    ['--cpu-prof', `--cpu-prof-dir=${dir}`, 'node_modules/next/dist/bin/next', 'start', '-p', String(port)],
    { env: { ...env, TALLY_WORKER: '0' }, stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    let window;
    let requests;
    try {
      for (let attempt = 0; attempt < 240; attempt += 1) {
        const healthy = await fetch(`${url}/api/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (healthy) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const cookie = await signIn(url, BENCH_USER, env.BETTER_AUTH_URL);
      for (let i = 0; i < 10; i += 1) await fetch(`${url}/invoices`, { headers: { cookie } });
      await load({ url: `${url}/invoices`, cookie, seconds: 2, connections, allowErrors: true });
      const from = microseconds();
      // Only the samples matter here: a request the profiler slowed past the client's timeout is no failure.
      const result = await load({ url: `${url}/invoices`, cookie, seconds, connections, allowErrors: true });
      window = [from, microseconds()];
      requests = result.requestsPerSecond * seconds;
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error('next start wrote no CPU profile');
    return { profile: JSON.parse(readFileSync(join(dir, file), 'utf8')), window, requests };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function profileInvoices({ port, env, seconds = 10 }) {
  const { profile, window } = await profiledLoad({ port, env, seconds });
  return summarizeProfile(profile, window);
}

/**
 * Each configuration (`{ name, env }`) profiled in turn on one instance: its handler's cost per request.
 * @returns {Promise<Record<string, ReturnType<typeof handlerCost>>>}
 */
export async function profileHandlers({ port, configurations, seconds = 10 }) {
  const costs = {};
  for (const { name, env } of configurations) {
    const { profile, window, requests } = await profiledLoad({ port, env, seconds });
    costs[name] = handlerCost(profile, window, requests);
  }
  return costs;
}

// `node <this file>` from any Tally checkout with a build and Initech seeded (`npm run db:seed`): profiles
// that checkout, so the same command gives the before (an older commit) and the after.
if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.BENCH_PORT ?? 3331);
  const env = { ...process.env, TALLY_DEMO: '1', BETTER_AUTH_URL: `http://127.0.0.1:${port}` };
  const { functions, packages } = await profileInvoices({ port, env });
  console.table(
    functions.map((f, i) => ({
      function: f.name,
      percent: f.percent.toFixed(1),
      package: packages[i]?.name,
      packagePercent: packages[i]?.percent.toFixed(1),
    })),
  );
  process.exit(0);
}
