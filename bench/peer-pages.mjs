// /invoices requests/s on 1 and 3 instances for every cache, Tally's and the peers' (plugged into the
// same build through TALLY_CACHE_PEER, on a private redis-server with the keyspace events one of them
// needs), side by side. Every configuration's instances run at the same time, idle while another row is
// measured, and the rows take turns in short rounds, each round in a new random order: the speed of a
// shared 2-core host drifts by a third within minutes, so only rows measured moments apart compare, and
// the per-round ratios between two rows say more than either row's own figure.
import { startInstances } from '../scripts/cluster/instances.mjs';
import { startRoundRobinProxy } from '../scripts/cluster/proxy.mjs';
import { startPrivateRedis } from '../packages/next-redis-cache/bench/private-redis.mjs';
import { percentile, shuffled } from '../packages/next-redis-cache/bench/measure.mjs';
import { BENCH_USER, load } from './http.mjs';
import { signIn } from './support.mjs';

export const PEERS = { plain: 'plain GET + tag MGET', trieb: '@trieb.work/nextjs-turbo-redis-cache 1.18.0' };

const median = (values) => percentile(values, 50);

/** One configuration's instances (and its proxy when it has three), warmed and signed in. */
async function startConfiguration({ name, count, env, firstPort }) {
  // No job worker: an idle instance polling its queue would take CPU from the row being measured.
  const instances = await startInstances({ count, firstPort, env: { ...env, TALLY_WORKER: '0' }, server: 'next-start' });
  const proxy = count > 1 ? await startRoundRobinProxy({ port: firstPort + count, instances }) : undefined;
  const stop = async () => {
    await proxy?.close();
    await Promise.all(instances.map((instance) => instance.stop()));
  };
  let cookie;
  try {
    cookie = await signIn(instances[0].url, BENCH_USER, env.BETTER_AUTH_URL);
    for (const instance of instances)
      for (let i = 0; i < 5; i += 1) await fetch(`${instance.url}/invoices`, { headers: { cookie } });
  } catch (error) {
    await stop();
    throw error;
  }
  const rows = [{ name: `${name}1`, url: `${instances[0].url}/invoices` }];
  if (proxy) rows.push({ name: `${name}3`, url: `http://127.0.0.1:${firstPort + count}/invoices` });
  return { rows: rows.map((row) => ({ ...row, cookie })), stop };
}

/**
 * @param {{ firstPort: number, peerEnv: NodeJS.ProcessEnv, configurations: { name: string, count: 1 | 3, env: NodeJS.ProcessEnv }[],
 *   rounds?: number, seconds?: number, redisPort?: number }} options
 *   a configuration of 3 instances gives two rows: `${name}1` (its first instance alone) and `${name}3` (all three
 *   behind the proxy); the peers are added as configurations of 3.
 * @returns {Promise<Record<string, { requestsPerSecond: number, p99: number, rounds: number[] }>>} by row name:
 *   the median requests/s and p99 over the rounds, and the requests/s of every round (in round order)
 */
export async function benchInstances({
  firstPort,
  peerEnv,
  configurations,
  rounds = 12,
  seconds = 3,
  redisPort = Number(process.env.BENCH_PEER_REDIS_PORT ?? 7621),
}) {
  const redis = await startPrivateRedis(redisPort);
  const started = [];
  try {
    const peers = peerConfigurations(peerEnv, redis.url).map((peer) => ({ ...peer, count: 3 }));
    for (const [index, configuration] of [...configurations, ...peers].entries()) {
      started.push(await startConfiguration({ ...configuration, firstPort: firstPort + 4 * index }));
    }
    const rows = started.flatMap((configuration) => configuration.rows);
    for (const row of rows) await load({ url: row.url, cookie: row.cookie, seconds: 2, connections: 16 });
    const results = Object.fromEntries(rows.map((row) => [row.name, { rps: [], p99: [] }]));
    for (let round = 0; round < rounds; round += 1) {
      for (const row of shuffled(rows)) {
        const result = await load({ url: row.url, cookie: row.cookie, seconds, connections: 16 });
        results[row.name].rps.push(result.requestsPerSecond);
        results[row.name].p99.push(result.p99);
      }
    }
    return Object.fromEntries(
      Object.entries(results).map(([name, { rps, p99 }]) => [
        name,
        { requestsPerSecond: median(rps), p99: median(p99), rounds: rps },
      ]),
    );
  } finally {
    await Promise.all(started.map((configuration) => configuration.stop()));
    redis.stop();
  }
}

/** Each peer's handler plugged into the build, on the given Redis (`{ name, env }`). */
export function peerConfigurations(peerEnv, redisUrl) {
  return Object.keys(PEERS).map((peer) => ({
    name: peer,
    env: { ...peerEnv, REDIS_URL: '', TALLY_CACHE_BYPASS: '', TALLY_CACHE_PEER: peer, TALLY_PEER_REDIS_URL: redisUrl },
  }));
}

/**
 * Is the peer's row apart from Tally's by more than Tally is apart from itself? `twin` is a second copy of
 * Tally's configuration measured in the same rounds. Were the peer no different from Tally, the peer and the
 * twin would be interchangeable within each round, so the per-round log ratio twin ÷ peer would be as likely
 * negative as positive. The exact sign-flip test over every assignment of signs gives, for the mean of those
 * log ratios, the chance of one at least as far in the peer's favour (`pSlower`: Tally slower) or in Tally's
 * (`pFaster`). decision 035.
 */
export function versusTwin(peer, twin) {
  const logRatios = twin.rounds.map((rps, round) => Math.log(rps / peer.rounds[round]));
  if (logRatios.length > 20) throw new Error('versusTwin enumerates every assignment of signs: 20 rounds at most');
  const observed = logRatios.reduce((sum, value) => sum + value, 0);
  const assignments = 2 ** logRatios.length;
  let asLow = 0;
  let asHigh = 0;
  for (let signs = 0; signs < assignments; signs += 1) {
    const sum = logRatios.reduce((total, value, round) => total + ((signs >> round) & 1 ? -value : value), 0);
    // A tolerance for rounding: the observed assignment itself must count on both sides.
    if (sum <= observed + 1e-12) asLow += 1;
    if (sum >= observed - 1e-12) asHigh += 1;
  }
  const pSlower = asLow / assignments;
  const pFaster = asHigh / assignments;
  const verdict = pSlower < 0.05 ? 'trails' : pFaster < 0.05 ? 'leads' : 'ties';
  return { pSlower, pFaster, verdict };
}

/** Row `a` against row `b`, round by round: the median ratio and its range. */
export function pairedRatio(a, b) {
  const ratios = a.rounds.map((rps, round) => rps / b.rounds[round]);
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}
