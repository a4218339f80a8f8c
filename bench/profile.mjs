// The CPU profile of a warm signed-in /invoices: `next start` under `node --cpu-prof`, loaded with
// autocannon, stopped gracefully (the profile is written at exit), then the ten functions with the most
// self time, and the share of each package (next-server, React, PGlite, postgres, GC…).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_USER, load } from './http.mjs';
import { signIn } from './support.mjs';

/** Self time per function and per package from a .cpuprofile. */
export function summarizeProfile(profile, top = 10) {
  const deltas = new Map();
  profile.samples.forEach((id, index) => deltas.set(id, (deltas.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const total = [...deltas.values()].reduce((sum, value) => sum + value, 0);
  const byFunction = new Map();
  const byPackage = new Map();
  for (const node of profile.nodes) {
    const self = deltas.get(node.id) ?? 0;
    if (self === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, '').replace(process.cwd(), '.');
    const name =
      `${functionName || '(anonymous)'} ${file ? `${file.split('/').slice(-2).join('/')}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + self);
    const pkg =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ??
      (file.startsWith('./.next') ? 'app bundle (.next)' : file ? 'node internals' : functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + self);
  }
  const ranked = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, self]) => ({ name, percent: (100 * self) / total }));
  return { functions: ranked(byFunction), packages: ranked(byPackage) };
}

export async function profileInvoices({ port, env, seconds = 10 }) {
  const dir = mkdtempSync(join(tmpdir(), 'tally-profile-'));
  const child = spawn(
    process.execPath,
    ['--cpu-prof', `--cpu-prof-dir=${dir}`, 'node_modules/next/dist/bin/next', 'start', '-p', String(port)],
    {
      env: { ...env, TALLY_WORKER: '0' },
      stdio: 'ignore',
    },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let attempt = 0; attempt < 240; attempt += 1) {
      const healthy = await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (healthy) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const cookie = await signIn(url, BENCH_USER, env.BETTER_AUTH_URL);
    for (let i = 0; i < 10; i += 1) await fetch(`${url}/invoices`, { headers: { cookie } });
    // Only the samples matter here: a request the profiler slowed past the client's timeout is no failure.
    await load({ url: `${url}/invoices`, cookie, seconds, connections: 8, allowErrors: true });
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('next start wrote no CPU profile');
  const summary = summarizeProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  rmSync(dir, { recursive: true, force: true });
  return summary;
}

// `node <this file>` from any Tally checkout with a build and Initech seeded (`npm run db:seed`): profiles
// that checkout, so the same command gives the before (an older commit) and the after.
if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.BENCH_PORT ?? 3331);
  const env = { ...process.env, TALLY_DEMO: '1', BETTER_AUTH_URL: `http://127.0.0.1:${port}` };
  const { functions, packages } = await profileInvoices({ port, env });
  console.table(
    functions.map((f, i) => ({
      function: f.name,
      percent: f.percent.toFixed(1),
      package: packages[i]?.name,
      packagePercent: packages[i]?.percent.toFixed(1),
    })),
  );
  process.exit(0);
}
