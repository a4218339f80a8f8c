// The cache handler's benchmarks, side by side in one run, against a private redis-server:
//   node packages/next-redis-cache/bench/run.mjs
// Tally's `npm run bench` includes the same table (bench/run.mjs).
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { benchCrossInstance, CLOCK_OFFSET_MS, MESSAGE_LOST_TRIALS } from './cross-instance.mjs';
import { HANDLERS } from './handlers.mjs';
import { benchHits } from './hits.mjs';
import { fixed } from './measure.mjs';
import { startPrivateRedis } from './private-redis.mjs';

const LABELS = {
  builtIn: "Next's built-in in-memory handler",
  rawGet: 'raw Redis GET of the same bytes (one round trip)',
  rawGetAsEntry: 'raw Redis GET of the same bytes, returned as a drained ReadableStream (the handler contract)',
  ...HANDLERS,
};

/** Runs every cache benchmark and returns its report as Markdown lines. */
export async function benchCache({ redisPort = Number(process.env.BENCH_REDIS_PORT ?? 7611), log = console.log } = {}) {
  const redis = await startPrivateRedis(redisPort);
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  try {
    log('[cache bench] hit throughput and round trips');
    const hits = await benchHits({
      url: redis.url,
      prefix,
      proxyPort: redisPort + 1,
      names: ['tally', 'tallyRedisOnly', 'plain', 'trieb'],
    });
    const cross = {};
    for (const name of ['tally', 'plain', 'trieb']) {
      log(`[cache bench] propagation and read-your-writes: ${name}`);
      cross[name] = await benchCrossInstance(name, { url: redis.url, prefix });
    }
    const builtIn = hits.rows.find((row) => row.name === 'builtIn').getsPerSecond;
    const rawGet = hits.rows.find((row) => row.name === 'rawGet').getsPerSecond;
    const rawGetAsEntry = hits.rows.find((row) => row.name === 'rawGetAsEntry').getsPerSecond;
    return [
      `## Cache handlers: hits (one ${hits.payloadBytes / 1024} KiB entry, 32 reads in flight, one process)`,
      '',
      'Goals: local hit ≥ 0.9× the built-in handler; Redis hit ≥ 0.8× a raw GET; ≤ 1 round trip per request for tag freshness.',
      'A handler cannot return bare bytes: Next takes a ReadableStream and drains it, which costs more than the GET',
      'itself, so the last ratio compares each handler with a raw GET put through that same contract.',
      'Each figure is the median of 15 rounds of 0.5 s; a round runs every row once, in a new random order and each',
      "after a full garbage collection, so drift in the machine's speed lands on all rows alike and no row pays for",
      'the garbage of the one before it (a single 0.5 s sample varies by ±20% on a 2-vCPU host).',
      '',
      '| handler | gets/s | vs built-in | vs raw GET | vs raw GET as a stream | Redis round trips per request (refreshTags + get, steady state) |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...hits.rows.map(
        (row) =>
          `| ${LABELS[row.name]} | ${fixed(row.getsPerSecond, 0)} | ${fixed(row.getsPerSecond / builtIn, 2)}× | ${fixed(row.getsPerSecond / rawGet, 2)}× | ${fixed(row.getsPerSecond / rawGetAsEntry, 2)}× | ${fixed(row.roundTrips, 2)} |`,
      ),
      '',
      '## Cache handlers: across two processes',
      '',
      `Propagation (${cross.tally.trials} trials each): from \`updateTags\` starting on A to the first request on B (refreshTags + get, in a loop) no longer served the entry; gave up after 2 s.`,
      "A writes once B's loop has served its first request. Timed to when that request started (from then on, a request",
      'arriving at B sees the write; below zero when a request that began just before the write read the log after it) and to',
      "when it was answered, which adds the request's own work (for this package, the miss's single-flight lock). Goal: p99 ≤ 5 ms.",
      '',
      '| handler | started p50 (ms) | started p99 (ms) | answered p50 (ms) | answered p99 (ms) | not propagated in 2 s |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...Object.entries(cross).map(
        ([name, r]) =>
          `| ${LABELS[name]} | ${fixed(r.started.p50, 2)} | ${fixed(r.started.p99, 2)} | ${fixed(r.answered.p50, 2)} | ${fixed(r.answered.p99, 2)} | ${r.timeouts} |`,
      ),
      '',
      "Stale reads: an entry B was still served after A's `updateTags` for its tag had returned. Three sequences:",
      `as things normally go (A fills, B reads; ${cross.tally.trials} trials); every subscriber connection cut just before the write, as a network blip or a failover`,
      `does, B reading after its subscriber is back (${MESSAGE_LOST_TRIALS} trials); and B's clock ${CLOCK_OFFSET_MS} ms ahead of A's, B filling the entry (${cross.tally.trials} trials).`,
      'Goal: none, for this package alone.',
      '',
      '| handler | normal | pub/sub messages lost | clock skew |',
      '| --- | ---: | ---: | ---: |',
      ...Object.entries(cross).map(
        ([name, r]) =>
          `| ${LABELS[name]} | ${r.stale.normal} / ${r.trials} | ${r.stale.messageLost} / ${MESSAGE_LOST_TRIALS} | ${r.stale.clockSkew} / ${r.trials} |`,
      ),
      '',
    ];
  } finally {
    // The peer's handler cannot close its clients: stopping this Redis now would leave them reconnecting
    // (and logging) through the rest of a longer bench run, so it goes when the process does.
    process.once('exit', () => redis.stop());
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const lines = await benchCache();
  console.log(lines.join('\n'));
  process.exit(0);
}
