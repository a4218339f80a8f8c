// Two processes sharing Redis, for each handler:
// - propagation: from `updateTags` starting on A to the first request on B that is no longer served
//   the entry (B reading in a loop, from its local layer when it has one);
// - read-your-writes: A invalidates and its call returns, then B's very next request reads the key;
//   a stale read is B still serving the entry (as fresh or as stale).
import { createHandler, entry } from './handlers.mjs';
import { startInstance } from './instances.mjs';
import { now, percentile } from './measure.mjs';

const PAYLOAD = 'x'.repeat(4096);
const TIMEOUT_MS = 2000;

export async function benchCrossInstance(name, { url, prefix, trials = Number(process.env.BENCH_TRIALS ?? 200) }) {
  const instanceA = await createHandler(name, { url, prefix });
  const instanceB = await startInstance(name, { url, prefix });
  const latencies = [];
  let timeouts = 0;
  let staleReads = 0;
  try {
    for (let trial = 0; trial < trials; trial += 1) {
      const tag = `org:bench:${trial}:list`;
      const key = `propagation-${trial}`;
      await instanceA.set(key, Promise.resolve(entry(PAYLOAD, [tag])));
      if (!(await instanceB.ask({ type: 'read', key })).hit) throw new Error(`${name}: instance B did not see the entry`);
      const fresh = instanceB.ask({ type: 'until-miss', key, timeoutMs: TIMEOUT_MS });
      await new Promise((resolve) => setTimeout(resolve, 2));
      const startedAt = now();
      await instanceA.updateTags([tag]);
      const seen = await fresh;
      if (seen.timedOut) timeouts += 1;
      else latencies.push(seen.at - startedAt);

      const ryw = `read-your-writes-${trial}`;
      const rywTag = `org:bench:${trial}:record`;
      await instanceA.set(ryw, Promise.resolve(entry(PAYLOAD, [rywTag])));
      if (!(await instanceB.ask({ type: 'read', key: ryw })).hit) throw new Error(`${name}: instance B did not see the entry`);
      await instanceA.updateTags([rywTag]);
      if ((await instanceB.ask({ type: 'read', key: ryw })).hit) staleReads += 1;
    }
  } finally {
    await instanceB.stop();
    await instanceA.close?.();
  }
  return { trials, p50: percentile(latencies, 50), p99: percentile(latencies, 99), timeouts, staleReads };
}
