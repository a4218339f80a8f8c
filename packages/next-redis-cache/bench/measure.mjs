// Small measuring helpers for the bench.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

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

/** A full collection, exposed on first use only: importing this module for `now` or `percentile` changes nothing. */
let gc;
const collectGarbage = () => {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc');
  }
  gc();
};

/** @template T @param {T[]} items @returns {T[]} */
export const shuffled = (items) => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
};

/**
 * Each operation's median throughput over `rounds` short runs, taken in turn: a round runs every
 * operation once, in a new random order, each after a full garbage collection. Interleaved this way,
 * the machine's drift (clock speed, neighbours) lands on all operations alike, and no operation keeps
 * paying for the garbage of the one that always ran before it. (On a shared 2-vCPU host the ratios
 * still vary between runs; see bench/RESULTS.md.)
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
    for (const name of shuffled(names)) {
      collectGarbage();
      samples[name].push(await throughput(operations[name], { ms }));
    }
  }
  return Object.fromEntries(names.map((name) => [name, percentile(samples[name], 50)]));
}

export const now = () => performance.timeOrigin + performance.now();
