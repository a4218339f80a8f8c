// /invoices under load with autocannon, and single-flight across instances, against real
// `next start` instances on one Postgres (and Redis, for the cached runs).
import autocannon from 'autocannon';
import { startInstances } from '../scripts/cluster/instances.mjs';
import { startRoundRobinProxy } from '../scripts/cluster/proxy.mjs';
import { fetchedAt, signIn } from './support.mjs';

const BENCH_USER = 'bench@initech.test';

/**
 * Starts `count` instances (and the proxy when more than one), runs `work` against them, stops them.
 * @param {{ count: number, firstPort: number, env: NodeJS.ProcessEnv }} cluster
 * @param {(urls: { entry: string, instances: string[] }) => Promise<T>} work
 * @template T
 */
async function withCluster({ count, firstPort, env }, work) {
  const instances = await startInstances({ count, firstPort, env });
  const proxy = count > 1 ? await startRoundRobinProxy({ port: firstPort - 1, instances }) : undefined;
  try {
    return await work({ entry: proxy ? `http://127.0.0.1:${firstPort - 1}` : instances[0].url, instances: instances.map((i) => i.url) });
  } finally {
    await proxy?.close();
    await Promise.all(instances.map((instance) => instance.stop()));
  }
}

async function load(url, cookie, seconds) {
  const result = await autocannon({ url, connections: 16, duration: seconds, headers: { cookie } });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { requestsPerSecond: result.requests.average, p99: result.latency.p99 };
}

/** Requests/s and p99 of /invoices for one configuration. */
export async function benchInvoicesPage({ count, firstPort, env, seconds = 8 }) {
  return withCluster({ count, firstPort, env }, async ({ entry, instances }) => {
    const cookie = await signIn(instances[0], BENCH_USER, env.BETTER_AUTH_URL);
    // Warm every instance (and the shared cache) before measuring.
    for (const instance of instances) for (let i = 0; i < 5; i += 1) await fetch(`${instance}/invoices`, { headers: { cookie } });
    return load(`${entry}/invoices`, cookie, seconds);
  });
}

/**
 * 150 concurrent cold requests for /invoices, 50 on each of 3 instances: how many times the list's
 * cached function ran, counted as distinct `fetchedAt` stamps (every run stamps its own, and every
 * response shows the stamp of the run it was served from). Each run is one list query.
 */
export async function benchSingleFlight({ firstPort, env }) {
  return withCluster({ count: 3, firstPort, env }, async ({ instances }) => {
    const cookie = await signIn(instances[0], BENCH_USER, env.BETTER_AUTH_URL);
    const pages = await Promise.all(
      instances.flatMap((instance) => Array.from({ length: 50 }, () => fetch(`${instance}/invoices`, { headers: { cookie } }).then((r) => r.text()))),
    );
    const stamps = new Set(pages.map((html) => fetchedAt(html, 'list-fetched-at')));
    if (stamps.has(undefined)) throw new Error('a response had no list stamp');
    return { requests: pages.length, listQueries: stamps.size };
  });
}
