// `npm test`: the whole suite. Unit and integration tests (Vitest, on PGlite and, when DATABASE_URL is
// set, on that Postgres server too; the Redis cache handler's tests when REDIS_URL is set), then the
// browser suite against `next build && next start`, then the multi-instance browser suite (3
// instances on Postgres and Redis) when both are configured.
// Ends with one line: `N passed, N failed` (plus `, N skipped`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const reports = '.e2e/reports';
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
let broken = false;

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function vitest(name, args) {
  const outputFile = `${reports}/${name}.json`;
  const ok = run('npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile=${outputFile}`]);
  if (!existsSync(outputFile)) {
    console.error(`[test] ${name}: Vitest wrote no report`);
    broken = true;
    return;
  }
  const report = JSON.parse(readFileSync(outputFile, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  for (const file of report.testResults) {
    for (const test of file.assertionResults.filter((result) => result.status === 'failed')) {
      const reason = (test.failureMessages[0] ?? '').split('\n')[0].slice(0, 200);
      failures.push(`[${name}] ${path.relative(process.cwd(), file.name)} > ${test.fullName}: ${reason}`);
    }
  }
  if (!ok && report.numFailedTests === 0) broken = true; // e.g. a file that failed to load
}

if (!process.env.DATABASE_URL) console.log('[test] DATABASE_URL is not set: the Postgres project is skipped; PGlite runs.');
if (!process.env.REDIS_URL) console.log('[test] REDIS_URL is not set: the Redis cache handler tests are skipped.');
vitest('integration', []);

if (!existsSync(CHROMIUM)) {
  console.log(`[test] ${CHROMIUM} not found: the browser suite is skipped (apt-get install chromium).`);
} else if (process.env.TALLY_SKIP_BUILD === '1' || run('npx', ['next', 'build'])) {
  vitest('e2e', ['-c', 'vitest.e2e.config.ts']);
  if (process.env.DATABASE_URL && process.env.REDIS_URL) {
    vitest('cluster', ['-c', 'vitest.cluster.config.ts']);
  } else {
    console.log('[test] the multi-instance browser suite needs DATABASE_URL (Postgres) and REDIS_URL: skipped.');
  }
} else {
  console.error('[test] next build failed');
  broken = true;
}

if (broken) totals.failed += 1;
// Repeated just above the summary, so the end of a long CI log says which tests failed.
if (failures.length) console.log(`Failed:\n${failures.map((line) => `  ${line}`).join('\n')}`);
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 ? 1 : 0);
