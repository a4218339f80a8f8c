// Pages under load with autocannon against real `next start` instances: the page-speed matrix (each
// page beside the framework floor and the uncached page, with queries per request), single-flight
// across instances, and the overload row through `npm start` (the 1- and 3-instance rows: peer-pages.mjs).
import autocannon from 'autocannon';
import { startInstance, startInstances } from '../scripts/cluster/instances.mjs';
import { startRoundRobinProxy } from '../scripts/cluster/proxy.mjs';
import { percentile } from '../packages/next-redis-cache/bench/measure.mjs';
import { fetchedAt, signIn } from './support.mjs';

export const BENCH_USER = 'bench@initech.test';

/**
 * Starts `count` instances (and the proxy when more than one), runs `work` against them, stops them.
 * Served as `npm start` serves them (scripts/start.mjs, admission guard included) unless told otherwise.
 * @param {{ count: number, firstPort: number, env: NodeJS.ProcessEnv, server?: 'npm-start' | 'next-start' }} cluster
 * @param {(urls: { entry: string, instances: string[] }) => Promise<T>} work
 * @template T
 */
async function withCluster({ count, firstPort, env, server = 'npm-start' }, work) {
  const instances = await startInstances({ count, firstPort, env, server });
  const proxy = count > 1 ? await startRoundRobinProxy({ port: firstPort - 1, instances }) : undefined;
  try {
    return await work({
      entry: proxy ? `http://127.0.0.1:${firstPort - 1}` : instances[0].url,
      instances: instances.map((i) => i.url),
    });
  } finally {
    await proxy?.close();
    await Promise.all(instances.map((instance) => instance.stop()));
  }
}

/**
 * Requests/s (served, 2xx), p50/p99 of served requests, and how many were refused (503) or failed.
 * @param {{ url: string, cookie?: string, seconds: number, connections: number, allowRefusals?: boolean, allowErrors?: boolean }} options
 */
export async function load({ url, cookie, seconds, connections, allowRefusals = false, allowErrors = false }) {
  const served = [];
  let refused = 0;
  const instance = autocannon({ url, connections, duration: seconds, headers: cookie ? { cookie } : {}, timeout: 10 });
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) served.push(ms);
    else if (status === 503) refused += 1;
  });
  const result = await instance;
  const other = result.non2xx - refused;
  if (other > 0 || (!allowRefusals && refused > 0) || (!allowRefusals && !allowErrors && result.errors > 0)) {
    throw new Error(`${url}: ${other} unexpected status, ${refused} refused, ${result.errors} errors`);
  }
  return {
    requestsPerSecond: served.length / seconds,
    p50: percentile(served, 50),
    p99: percentile(served, 99),
    refused,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

async function get(url, cookie) {
  const response = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return body;
}

/** Database queries per request: the server's counter (TALLY_BENCH=1) read around `n` sequential requests. */
async function queriesPerRequest(base, url, cookie, n = 20) {
  const count = async () => (await (await fetch(`${base}/api/bench/queries`)).json()).queries;
  const before = await count();
  for (let i = 0; i < n; i += 1) await get(url, cookie);
  return ((await count()) - before) / n;
}

/** The median size of `count` responses to `url`, after one that fills its cache entries. */
async function typicalBytes(url, cookie, count = 5) {
  await get(url, cookie);
  const sizes = [];
  for (let i = 0; i < count; i += 1) sizes.push(Buffer.byteLength(await get(url, cookie)));
  return sizes.sort((a, b) => a - b)[Math.floor(count / 2)];
}

/**
 * A floor URL whose HTML weighs what `target` bytes weigh (within 3 %), found in a few sizing rounds.
 * A size is the median of several responses: with the Redis handler, the same floor comes back in one of
 * two sizes (React flushes its payload in a few script chunks or in many).
 */
async function sizedFloor(base, target, cookie) {
  let asked = target;
  let best = { url: '', off: Infinity };
  for (let round = 0; round < 6 && best.off >= 0.03; round += 1) {
    const url = `${base}/bench/floor?bytes=${asked}`;
    const size = await typicalBytes(url, cookie);
    const off = Math.abs(size - target) / target;
    if (off < best.off) best = { url, off };
    asked = Math.max(1, Math.round((asked * target) / size));
  }
  return best.url;
}

/**
 * The page-speed rows for one configuration (database × cache handler), on one instance:
 * /invoices and /invoices/[id] signed in and warm, the framework floor sized like /invoices, and /sign-in.
 */
export async function benchPageSpeed({ firstPort, env, seconds = 6, connections = 8 }) {
  // The guard's fair queue, without its overload refusals: these rows measure 8 clients that a slow
  // uncached page keeps waiting longer than the default 1 s (the overload row measures refusals).
  const serving = { TALLY_BENCH: '1', TALLY_WORKER: '0', TALLY_MAX_QUEUE_WAIT_MS: '30000' };
  return withCluster({ count: 1, firstPort, env: { ...env, ...serving } }, async ({ entry }) => {
    const cookie = await signIn(entry, BENCH_USER, env.BETTER_AUTH_URL);
    const list = await get(`${entry}/invoices`, cookie);
    const invoiceId = /href="\/invoices\/([0-9a-f-]{36})"/.exec(list)?.[1];
    if (!invoiceId) throw new Error('/invoices lists no invoice');
    const pages = {
      list: { url: `${entry}/invoices`, cookie },
      detail: { url: `${entry}/invoices/${invoiceId}`, cookie },
      // Signed in like the pages it is compared with: the same proxy path and root layout, no data access.
      floor: { url: await sizedFloor(entry, Buffer.byteLength(list), cookie), cookie },
      signIn: { url: `${entry}/sign-in` },
    };
    const rows = {};
    for (const [name, { url, cookie: pageCookie }] of Object.entries(pages)) {
      for (let i = 0; i < 10; i += 1) await get(url, pageCookie); // warm
      const bytes = await typicalBytes(url, pageCookie);
      const queries = await queriesPerRequest(entry, url, pageCookie);
      rows[name] = { ...(await load({ url, cookie: pageCookie, seconds, connections })), bytes, queries };
    }
    return rows;
  });
}

/**
 * 150 concurrent cold requests for /invoices, 50 on each of 3 instances: how many times the list's
 * cached function ran, counted as distinct `fetchedAt` stamps (every run stamps its own, and every
 * response shows the stamp of the run it was served from). Each run is one list query.
 */
export async function benchSingleFlight({ firstPort, env }) {
  // `next start` alone: the row counts the cache handler's single flight, and a burst of 50 per instance
  // behind the admission guard would be partly refused (503) before reaching it.
  return withCluster({ count: 3, firstPort, env, server: 'next-start' }, async ({ instances }) => {
    const cookie = await signIn(instances[0], BENCH_USER, env.BETTER_AUTH_URL);
    const pages = await Promise.all(
      instances.flatMap((instance) =>
        Array.from({ length: 50 }, () => fetch(`${instance}/invoices`, { headers: { cookie } }).then((r) => r.text())),
      ),
    );
    const stamps = new Set(pages.map((html) => fetchedAt(html, 'list-fetched-at')));
    if (stamps.has(undefined)) throw new Error('a response had no list stamp');
    return { requests: pages.length, listQueries: stamps.size };
  });
}

/**
 * Graceful overload (issue 11): /invoices at 8 and at 200 concurrent clients through `npm start`, and
 * how long a fresh request takes right after the burst.
 */
export async function benchOverload({ port, env, seconds = 10 }) {
  const server = await startInstance({ name: 'overload', port, env, server: 'npm-start' });
  try {
    const cookie = await signIn(server.url, BENCH_USER, env.BETTER_AUTH_URL);
    const url = `${server.url}/invoices`;
    for (let i = 0; i < 10; i += 1) await get(url, cookie);
    const calm = await load({ url, cookie, seconds, connections: 8 });
    const burst = await load({ url, cookie, seconds, connections: 200, allowRefusals: true });
    const started = performance.now();
    await get(url, cookie);
    return { calm, burst, freshAfterBurstMs: performance.now() - started };
  } finally {
    await server.stop();
  }
}
