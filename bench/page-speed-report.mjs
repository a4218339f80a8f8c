// Markdown for the page-speed matrix (issue 14) and the overload row (issue 11), with each goal checked.
import { fixed } from './support.mjs';

const mark = (ok) => (ok ? '✓' : '✗');
const PAGES = [
  ['list', '/invoices (signed in, warm)'],
  ['detail', '/invoices/[id] (signed in, warm)'],
  ['signIn', '/sign-in (anonymous)'],
  ['floor', 'framework floor (/bench/floor, signed in, same bytes as /invoices)'],
];

/** @param {Record<string, Record<string, Record<string, any>>>} results database -> cache -> page -> row */
export function pageSpeedLines(results) {
  const lines = [
    '## Page speed (issue 14): each page beside the framework floor and the uncached page, one instance, 8 connections',
    '',
    'Goals: warm pages ≥ 0.7× floor and ≥ 3× uncached; /sign-in ≥ 0.8× floor; 0 queries per signed-in warm request; p99 ≤ 3× p50.',
    '',
    '| database | cache | page | HTML bytes | requests/s | p50 (ms) | p99 (ms) | p99/p50 | queries/request | vs floor | vs uncached |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [database, caches] of Object.entries(results)) {
    const uncached = caches['none (uncached)'];
    for (const [cache, rows] of Object.entries(caches)) {
      for (const [key, label] of PAGES) {
        const row = rows[key];
        const vsFloor = row.requestsPerSecond / rows.floor.requestsPerSecond;
        const vsUncached = row.requestsPerSecond / uncached[key].requestsPerSecond;
        const warmPage = (key === 'list' || key === 'detail') && cache !== 'none (uncached)';
        const tail = row.p99 / row.p50;
        const floorGoal = warmPage ? ` ${mark(vsFloor >= 0.7)}` : key === 'signIn' ? ` ${mark(vsFloor >= 0.8)}` : '';
        const cells = [
          database,
          cache,
          label,
          row.bytes,
          fixed(row.requestsPerSecond, 0),
          fixed(row.p50, 0),
          fixed(row.p99, 0),
          `${fixed(tail, 1)}${key === 'floor' ? '' : ` ${mark(tail <= 3)}`}`,
          `${fixed(row.queries, 2)}${warmPage ? ` ${mark(row.queries === 0)}` : ''}`,
          key === 'floor' ? '1.00×' : `${fixed(vsFloor, 2)}×${floorGoal}`,
          warmPage ? `${fixed(vsUncached, 2)}× ${mark(vsUncached >= 3)}` : '—',
        ];
        lines.push(`| ${cells.join(' | ')} |`);
      }
    }
  }
  lines.push(
    '',
    "queries/request: the server counts every query its connection sends (Better Auth included), read before and after 20 sequential requests (TALLY_BENCH=1 serves the counter and the floor). The uncached rows use bench/bypass-cache-handler.mjs, so every `'use cache'` read, the viewer included, goes to the database.",
    '',
  );
  return lines;
}

export function overloadLines({ calm, burst, freshAfterBurstMs }) {
  const ratio = burst.requestsPerSecond / calm.requestsPerSecond;
  return [
    '## Graceful overload (issue 11): /invoices through `npm start` (scripts/start.mjs and its admission guard), built-in cache, Postgres',
    '',
    'Goals: at 200 clients, served requests/s ≥ 0.8× the rate at 8; p99 of served requests ≤ 2 s; a fresh request answered within 1 s of the burst ending.',
    '',
    '| clients | served requests/s | p50 (ms) | p99 (ms) | refused (503) | errors/timeouts |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    `| 8 | ${fixed(calm.requestsPerSecond, 0)} | ${fixed(calm.p50, 0)} | ${fixed(calm.p99, 0)} | ${calm.refused} | ${calm.errors}/${calm.timeouts} |`,
    `| 200 | ${fixed(burst.requestsPerSecond, 0)} (${fixed(ratio, 2)}× ${mark(ratio >= 0.8)}) | ${fixed(burst.p50, 0)} | ${fixed(burst.p99, 0)} ${mark(burst.p99 <= 2000)} | ${burst.refused} | ${burst.errors}/${burst.timeouts} |`,
    '',
    `A fresh request right after the burst: ${fixed(freshAfterBurstMs, 0)} ms ${mark(freshAfterBurstMs <= 1000)}.`,
    '',
  ];
}

export function profileLines({ functions, packages }) {
  return [
    '## CPU profile of a warm /invoices (`node --cpu-prof` on `next start`, Postgres, built-in cache, 8 connections, 10 s)',
    '',
    '| # | function (self time) | % | | package | % |',
    '| ---: | --- | ---: | --- | --- | ---: |',
    ...functions.map((entry, index) => {
      const pkg = packages[index];
      return `| ${index + 1} | \`${entry.name}\` | ${fixed(entry.percent, 1)} | | ${pkg ? pkg.name : ''} | ${pkg ? fixed(pkg.percent, 1) : ''} |`;
    }),
    '',
  ];
}

/** Issue 14's figures (a quiet run of the same machine before this work, PGlite, 8 connections). */
const BEFORE = { floor: 169, builtIn: 57, redis: 59, uncached: 47, signIn: 56 };

export function beforeAfterLines(results) {
  const pglite = results.PGlite;
  if (!pglite) return [];
  const rps = (cache, page) => fixed(pglite[cache][page].requestsPerSecond, 0);
  const rows = [
    ['framework floor', BEFORE.floor, rps('built-in', 'floor')],
    ['/invoices, built-in cache, warm', BEFORE.builtIn, rps('built-in', 'list')],
    ['/invoices, Redis handler, warm', BEFORE.redis, rps('Redis (1 instance)', 'list')],
    ['/invoices, no cache', BEFORE.uncached, rps('none (uncached)', 'list')],
    ['/sign-in', BEFORE.signIn, rps('built-in', 'signIn')],
  ];
  return [
    '## Before and after (PGlite, one instance, 8 connections, requests/s)',
    '',
    `Before: the figures issue 14 reports for a quiet run before the cached viewer, signed in to the demo org (a 20-row list without the dashboard), beside a bare Next app of the same size as the floor. After: this run, signed in to Initech (100,000 invoices, the list with its dashboard and filters), beside a floor that goes through Tally’s own proxy and root layout. The rows are different pages on different floors, so read the ratio to the floor: /invoices (built-in cache) was ${fixed(BEFORE.builtIn / BEFORE.floor, 2)}× its floor and is now ${fixed(pglite['built-in'].list.requestsPerSecond / pglite['built-in'].floor.requestsPerSecond, 2)}×.`,
    '',
    '| page | before | after |',
    '| --- | ---: | ---: |',
    ...rows.map(([label, before, after]) => `| ${label} | ${before} | ${after} |`),
    '',
    "Queries per signed-in warm request before: the viewer alone cost Better Auth's session lookup (with its user) and the membership join on every request; after: see the `queries/request` column below.",
    '',
  ];
}
