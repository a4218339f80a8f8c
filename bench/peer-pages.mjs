// /invoices requests/s on 1 and 3 instances for every cache, Tally's and the peers' (plugged into the
// same build through TALLY_CACHE_PEER, on a private redis-server with the keyspace events one of them
// needs), side by side: every row is measured twice, in a forward then a reverse pass, so a machine
// that speeds up or slows down during the section weighs on all rows alike.
import { startPrivateRedis } from '../packages/next-redis-cache/bench/private-redis.mjs';
import { benchInvoicesPage } from './http.mjs';

export const PEERS = { plain: 'plain GET + tag MGET', trieb: '@trieb.work/nextjs-turbo-redis-cache 1.18.0' };

/**
 * @param {{ firstPort: number, peerEnv: NodeJS.ProcessEnv, rows: { name: string, count: number, env: NodeJS.ProcessEnv }[] }} options
 * @returns {Promise<Record<string, { requestsPerSecond: number, p99: number }>>} by row name (peers: `${peer}${count}`):
 *   the mean requests/s of the two passes and the worse p99
 */
export async function benchInstances({
  firstPort,
  peerEnv,
  rows,
  redisPort = Number(process.env.BENCH_PEER_REDIS_PORT ?? 7621),
}) {
  const redis = await startPrivateRedis(redisPort);
  try {
    const peerRows = Object.keys(PEERS).flatMap((peer) =>
      [1, 3].map((count) => ({
        name: `${peer}${count}`,
        count,
        env: { ...peerEnv, REDIS_URL: '', TALLY_CACHE_BYPASS: '', TALLY_CACHE_PEER: peer, TALLY_PEER_REDIS_URL: redis.url },
      })),
    );
    const all = [...rows, ...peerRows];
    const passes = {};
    for (const pass of [all, [...all].reverse()]) {
      for (const { name, count, env } of pass) (passes[name] ??= []).push(await benchInvoicesPage({ count, firstPort, env }));
    }
    return Object.fromEntries(
      Object.entries(passes).map(([name, results]) => [
        name,
        {
          requestsPerSecond: results.reduce((sum, result) => sum + result.requestsPerSecond, 0) / results.length,
          p99: Math.max(...results.map((result) => result.p99)),
        },
      ]),
    );
  } finally {
    redis.stop();
  }
}
