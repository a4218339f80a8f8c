// /invoices requests/s with the peer handlers plugged into the same build (TALLY_CACHE_PEER), on 1 and
// 3 instances, against a private redis-server with the keyspace events one of them needs.
import { startPrivateRedis } from '../packages/next-redis-cache/bench/private-redis.mjs';
import { benchInvoicesPage } from './http.mjs';

export const PEERS = { plain: 'plain GET + tag MGET', trieb: '@trieb.work/nextjs-turbo-redis-cache 1.18.0' };

export async function benchPeerPages({ firstPort, env, redisPort = Number(process.env.BENCH_PEER_REDIS_PORT ?? 7621) }) {
  const redis = await startPrivateRedis(redisPort);
  try {
    const rows = [];
    for (const peer of Object.keys(PEERS)) {
      for (const count of [1, 3]) {
        const peerEnv = {
          ...env,
          REDIS_URL: '',
          TALLY_CACHE_BYPASS: '',
          TALLY_CACHE_PEER: peer,
          TALLY_PEER_REDIS_URL: redis.url,
        };
        rows.push({ peer, count, ...(await benchInvoicesPage({ count, firstPort, env: peerEnv })) });
      }
    }
    return rows;
  } finally {
    redis.stop();
  }
}
