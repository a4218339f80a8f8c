// `npm run bench`: every benchmark in one run, side by side, written to bench/RESULTS.md.
// Needs DATABASE_URL (a Postgres server: a throwaway database is created and dropped) and REDIS_URL
// (keys under a prefix of their own, deleted afterwards), and a build (`next build` runs if .next is missing).
// `npm run bench -- --only pages,overload` runs a subset and prints it without writing RESULTS.md.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { deleteRedisKeys } from '../scripts/redis-keys.mjs';
import { benchCache } from '../packages/next-redis-cache/bench/run.mjs';
import { benchOverload, benchPageSpeed, benchSingleFlight } from './http.mjs';
import { beforeAfterLines, overloadLines, pageSpeedLines, profileLines } from './page-speed-report.mjs';
import { profileHandlers, profileInvoices } from './profile.mjs';
import { percentile } from '../packages/next-redis-cache/bench/measure.mjs';
import { startPrivateRedis } from '../packages/next-redis-cache/bench/private-redis.mjs';
import { handlerCpuLines, instancesLines } from './instances-report.mjs';
import { benchInstances, peerConfigurations } from './peer-pages.mjs';
import { benchSummaryTask } from './summary-task.mjs';
import { fixed, machine } from './support.mjs';

const { DATABASE_URL, REDIS_URL } = process.env;
if (!DATABASE_URL || !REDIS_URL) {
  console.error('npm run bench needs DATABASE_URL (Postgres) and REDIS_URL.');
  process.exit(1);
}
const SECTIONS = ['cache', 'pages', 'profile', 'handler-cpu', 'instances', 'single-flight', 'summary-task', 'overload'];
const { values: options } = parseArgs({ options: { only: { type: 'string' } } });
const only = options.only ? new Set(options.only.split(',')) : new Set(SECTIONS);
const unknownSection = [...only].find((section) => !SECTIONS.includes(section));
if (unknownSection) {
  console.error(`Unknown section ${unknownSection}; sections: ${SECTIONS.join(', ')}.`);
  process.exit(1);
}
const loadAtStart = loadavg();
const firstPort = Number(process.env.BENCH_PORT ?? 3331);
const invoices = Number(process.env.BENCH_INVOICES ?? 100_000);
const run = randomBytes(4).toString('hex');
const prefix = `tally-bench-${run}`;
const databaseName = `tally_bench_${run}`;

if (!existsSync('.next/BUILD_ID') && spawnSync('npx', ['next', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1);

const pgliteDir = mkdtempSync(join(tmpdir(), 'tally-bench-pglite-'));
const admin = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE ${databaseName}`);
const databaseUrl = Object.assign(new URL(DATABASE_URL), { pathname: `/${databaseName}` }).toString();
const log = (line) => console.log(`[bench] ${line}`);
/** A section that throws is reported as failed (and left out) instead of losing the sections already measured. */
const failures = [];
async function section(name, measure, fallback = null) {
  if (!only.has(name)) return fallback;
  try {
    return await measure();
  } catch (error) {
    log(`section ${name} failed: ${error?.stack ?? error}`);
    failures.push(`- ${name}: ${String(error?.message ?? error).split('\n')[0]}`);
    only.delete(name);
    return fallback;
  }
}

try {
  // The cache handlers side by side, on a private redis-server (the peer needs keyspace events). First,
  // before seeding: the databases' work after a 100,000-invoice load would otherwise run alongside.
  const cacheRows = await section('cache', () => benchCache({ log }), []);

  for (const [label, dbEnv] of [
    ['Postgres', { DATABASE_URL: databaseUrl }],
    ['PGlite', { DATABASE_URL: '', TALLY_DATA_DIR: pgliteDir }],
  ]) {
    if (label === 'PGlite' && !only.has('pages')) continue;
    log(`seeding ${invoices} invoices into Initech (${label})`);
    const seeded = spawnSync('npx', ['tsx', '--conditions=react-server', 'scripts/seed.ts', '--invoices', String(invoices)], {
      stdio: 'inherit',
      env: { ...process.env, ...dbEnv },
    });
    if (seeded.status !== 0) throw new Error('seeding failed');
  }

  const base = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TALLY_DEMO: '1',
    BETTER_AUTH_URL: `http://127.0.0.1:${firstPort}`,
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  const redis = (name) => ({ ...base, REDIS_URL, TALLY_CACHE_PREFIX: `${prefix}-${name}`, TALLY_CACHE_BYPASS: '' });
  const uncached = { ...base, REDIS_URL: '', TALLY_CACHE_BYPASS: '1' };
  const builtIn = { ...base, REDIS_URL: '', TALLY_CACHE_BYPASS: '' };
  const pglite = (env) => ({ ...env, DATABASE_URL: '', TALLY_DATA_DIR: pgliteDir });
  const pageSpeed = {};
  await section('pages', async () => {
    for (const [database, dbEnv] of [
      ['Postgres', (env) => env],
      ['PGlite', pglite],
    ]) {
      for (const [cache, env] of [
        ['built-in', builtIn],
        ['Redis (1 instance)', redis(`speed-${database}`)],
        ['none (uncached)', uncached],
      ]) {
        log(`page speed: ${database}, cache ${cache}`);
        pageSpeed[database] ??= {};
        pageSpeed[database][cache] = await benchPageSpeed({ firstPort, env: dbEnv(env) });
      }
    }
  });
  const profile = await section(
    'profile',
    () => (log('CPU profile of /invoices'), profileInvoices({ port: firstPort, env: builtIn })),
  );
  const handlerCpu = await section('handler-cpu', async () => {
    log('CPU profile of /invoices under each shared handler');
    // A port of its own: the instances section starts its private server on the default one next.
    const peerRedis = await startPrivateRedis(Number(process.env.BENCH_PEER_REDIS_PORT ?? 7621) + 1);
    try {
      return await profileHandlers({
        port: firstPort,
        configurations: [{ name: 'tally', env: redis('handler-cpu') }, ...peerConfigurations(base, peerRedis.url)],
      });
    } finally {
      peerRedis.stop();
    }
  });
  const page = await section(
    'instances',
    () => (
      log('/invoices on 1 and 3 instances, every cache and peer, in interleaved rounds'),
      benchInstances({
        firstPort,
        peerEnv: base,
        configurations: [
          { name: 'builtIn', count: 1, env: builtIn },
          { name: 'redis', count: 3, env: redis('page') },
          { name: 'twin', count: 3, env: redis('page-twin') },
          { name: 'uncached', count: 3, env: uncached },
        ],
      })
    ),
    {},
  );
  const singleFlight = await section(
    'single-flight',
    () => (log('single-flight across 3 instances'), benchSingleFlight({ firstPort, env: redis('single-flight') })),
  );
  // Before the overload, so what its 200 clients leave behind (connections closing, the databases catching
  // up) cannot land on these timings.
  const summaryTask = await section(
    'summary-task',
    () => (log('"Run summary task": click to fresh summary'), benchSummaryTask({ firstPort, env: redis('summary-task') })),
  );
  const overload = await section(
    'overload',
    () => (log('overload through npm start'), benchOverload({ port: firstPort, env: builtIn })),
  );

  const lines = [
    '# Benchmark results',
    '',
    `Run on ${new Date().toISOString().slice(0, 10)} by \`npm run bench\` (bench/run.mjs). Machine:`,
    '',
    ...machine().map((line) => `- ${line}`),
    `- load average (1, 5, 15 min) when the run started: ${loadAtStart.map((l) => fixed(l, 2)).join(', ')}; when it ended: ${loadavg()
      .map((l) => fixed(l, 2))
      .join(', ')} (the run's own servers and load generators included)`,
    '- taken with nothing else running on the machine: no builds, test suites or helpers beside `npm run bench`',
    `- ${invoices.toLocaleString('en-US')} invoices in the benchmarked organization; autocannon after warming`,
    '- the randomized multi-instance coherence run (10,000 steps) is recorded apart, in [COHERENCE.md](COHERENCE.md)',
    '',
    ...cacheRows,
    '',
    ...(only.has('pages') ? [...beforeAfterLines(pageSpeed), ...pageSpeedLines(pageSpeed)] : []),
    ...(profile ? profileLines(profile) : []),
    ...(handlerCpu ? handlerCpuLines(handlerCpu) : []),
    ...(only.has('instances') ? instancesLines(page) : []),
    ...(singleFlight
      ? [
          '## Single-flight',
          '',
          `${singleFlight.requests} concurrent cold requests for /invoices (50 on each of 3 instances): the list's cached function ran ${singleFlight.listQueries} time(s), i.e. ${singleFlight.listQueries} list quer${singleFlight.listQueries === 1 ? 'y' : 'ies'} (goal: 1).`,
          '',
        ]
      : []),
    ...(summaryTask
      ? [
          '## "Run summary task" (from the click event to the first frame showing a summary fetched after it, on the page the click lands on or on a reload)',
          '',
          ...summaryTaskLines(summaryTask),
          '',
        ]
      : []),
    ...(overload ? overloadLines(overload) : []),
    ...(failures.length ? ['## Sections that failed in this run (no figures for them above)', '', ...failures, ''] : []),
  ];
  if (!options.only) writeFileSync('bench/RESULTS.md', lines.join('\n'));
  console.log(lines.join('\n'));
} finally {
  await admin.unsafe(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await admin.end();
  rmSync(pgliteDir, { recursive: true, force: true });
  for (const suffix of ['page', 'page-twin', 'handler-cpu', 'single-flight', 'summary-task', 'speed-Postgres', 'speed-PGlite'])
    await deleteRedisKeys(REDIS_URL, `${prefix}-${suffix}`);
}
process.exit(0);

function summaryTaskLines(runs) {
  const total = runs.map((run) => run.ms);
  const posts = runs.map((run) => run.postMs);
  const reads = runs.map((run) => run.reads);
  return [
    `${runs.length} runs on one instance (goal: p50 ≤ 500 ms): p50 ${fixed(percentile(total, 50), 0)} ms, p90 ${fixed(percentile(total, 90), 0)} ms, max ${fixed(Math.max(...total), 0)} ms; all: ${total.map((ms) => fixed(ms, 0)).join(', ')} ms.`,
    '',
    `The click's POST (enqueue, the job, the start of the redirect's render) answered after p50 ${fixed(percentile(posts, 50), 0)} ms; the rest is the render streaming in and the browser showing it. Timed in the page: Playwright's checks before it clicks (about 130 ms here) are left out. Reloads until the fresh summary showed (0: the page the click landed on showed it): ${reads.join(', ')}.`,
  ];
}
