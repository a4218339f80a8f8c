// Small measuring helpers for the bench.

export const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

export const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

/** Runs `operation` with `concurrency` in flight for `ms` and returns operations per second. */
export async function throughput(operation, { concurrency = 32, ms = Number(process.env.BENCH_MS ?? 3000) } = {}) {
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

export const now = () => performance.timeOrigin + performance.now();
