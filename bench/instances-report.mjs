// The markdown for the shared handlers on /invoices: their CPU cost from profiles, and the interleaved rows
// on 1 and 3 instances with Tally set against each peer and against a second copy of itself (decision 035).
import { pairedRatio, PEERS, versusTwin } from './peer-pages.mjs';
import { fixed } from './support.mjs';

const percent = (share) => `${fixed(100 * share, 2)}%`;

export function handlerCpuLines(costs) {
  const rows = [['tally', 'Redis handler (Tally)'], ...Object.entries(PEERS)].filter(([name]) => costs[name]);
  return [
    '## /invoices: CPU each shared handler takes (`node --cpu-prof` on `next start`, one instance, 8 connections, 10 s each)',
    '',
    "Self time in the handler's own code and in its Redis client, over the samples taken while the load ran, as a share",
    "of the server's busy CPU (every sample but idle). The share does not drift with the host's speed, which stretches",
    "both. It bounds what a handler can do to the page's throughput: a handler costing nothing would make it faster by",
    'its share at most. Socket work in Node itself is left out for every handler alike.',
    '',
    '| cache | requests profiled | CPU per request (ms) | handler + client per request (ms) | handler share of CPU |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map(([name, label]) => {
      const cost = costs[name];
      return `| ${label} | ${fixed(cost.requests, 0)} | ${fixed(cost.busyMsPerRequest, 1)} | ${fixed(cost.handlerMsPerRequest, 3)} | ${percent(cost.handlerShare)} |`;
    }),
    '',
  ];
}

export function instancesLines(page) {
  const rounds = page.redis1.rounds.length;
  const rows = [
    ['builtIn1', 'built-in in-memory'],
    ['redis1', 'Redis handler (Tally)'],
    ['twin1', 'Redis handler (Tally), a second copy'],
    ['uncached1', 'none (every read from Postgres)'],
    ['redis3', 'Redis handler (Tally)'],
    ['twin3', 'Redis handler (Tally), a second copy'],
    ['uncached3', 'none'],
    ...Object.entries(PEERS).flatMap(([peer, label]) => [
      [`${peer}1`, label],
      [`${peer}3`, label],
    ]),
  ];
  return [
    '## /invoices on 1 and 3 instances (signed in, 16 connections)',
    '',
    'Every configuration runs at once, idle while another row is measured: three instances each (the built-in cache: one),',
    `the 1-instance row being the first of the three, alone. A round measures every row for 3 s, in a new random order; ${rounds} rounds.`,
    'Requests/s and p99 are medians over the rounds. "Tally ÷ this row" is taken round by round (rows measured moments apart):',
    `the median of the ${rounds} ratios and their range.`,
    '',
    'Goal: Tally leads or ties every peer. Tally\'s configuration runs twice ("a second copy"): Tally ÷ its copy shows how far',
    'two identical configurations fall apart on this host. Were a peer no different from Tally, the peer and the copy would be',
    'interchangeable round by round; an exact sign-flip test of the per-round copy ÷ peer ratios gives the chance of a gap at',
    `least as large as measured. Tally trails when that chance is under 5% in the peer's favour, leads when under 5% in`,
    "Tally's, and ties otherwise (p: the chance in the peer's favour).",
    '',
    '| instances | cache | requests/s | p99 (ms) | vs uncached | Tally ÷ this row, per round: median | range | against the copy |',
    '| ---: | --- | ---: | ---: | ---: | ---: | --- | --- |',
    ...rows.map(([name, label]) => {
      const count = name.endsWith('3') ? 3 : 1;
      const row = page[name];
      const vsUncached = row.requestsPerSecond / page[`uncached${count}`].requestsPerSecond;
      const tally = page[`redis${count}`];
      const compared = name.startsWith('uncached') || name.startsWith('redis') ? undefined : pairedRatio(tally, row);
      const ratioCells = compared
        ? `${fixed(compared.median, 2)}× | ${fixed(compared.min, 2)}–${fixed(compared.max, 2)}`
        : '— | —';
      const isPeer = Object.keys(PEERS).some((peer) => name.startsWith(peer));
      const test = isPeer ? versusTwin(row, page[`twin${count}`]) : undefined;
      const verdict = test ? `${test.verdict === 'trails' ? '✗' : '✓'} ${test.verdict} (p ${fixed(test.pSlower, 2)})` : '—';
      return `| ${count}${count > 1 ? ' (round-robin proxy)' : ''} | ${label} | ${fixed(row.requestsPerSecond, 0)} | ${fixed(row.p99, 0)} | ${fixed(vsUncached, 2)}× | ${ratioCells} | ${verdict} |`;
    }),
    '',
    'Three instances share the same two cores as the load generator and the databases, so they cannot add throughput here; the rows show the cost of the proxy hop and of sharing one cache.',
    '',
  ];
}
