// Small measuring helpers for the bench.

export const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

export const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

/** Runs `operation` with `concurrency` in flight for `ms` and returns operations per second. */
async function throughput(operation, { concurrency = 32, ms }) {
  let done = 0;
  const deadline = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await operation();
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

/**
 * Each operation's median throughput over `rounds` short runs, taken in turn (a round runs every
 * operation once, starting one further along each time). Interleaved this way, the machine's drift
 * (clock speed, neighbours, garbage collection) lands on all operations alike, so their ratios hold
 * from one run to the next where back-to-back runs of a few seconds each did not.
 * @param {Record<string, () => Promise<unknown>>} operations
 * @returns {Promise<Record<string, number>>}
 */
export async function interleavedThroughput(
  operations,
  { rounds = Number(process.env.BENCH_ROUNDS ?? 15), ms = Number(process.env.BENCH_ROUND_MS ?? 500) } = {},
) {
  const names = Object.keys(operations);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (let i = 0; i < names.length; i += 1) {
      const name = names[(round + i) % names.length];
      samples[name].push(await throughput(operations[name], { ms }));
    }
  }
  return Object.fromEntries(names.map((name) => [name, percentile(samples[name], 50)]));
}

export const now = () => performance.timeOrigin + performance.now();
