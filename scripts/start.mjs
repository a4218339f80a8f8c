// `npm start`: serves the built app through Next's request handler behind an admission guard
// (scripts/admission.mjs, docs/decisions/017: bounded concurrency and queue, 503 + Retry-After beyond
// them), opens the database (migrations, first-run seed) through the health endpoint, then prints where
// to go and, in demo mode, how to sign in. The e2e and cluster harnesses run `next start` directly.
import { createServer } from 'node:http';
import next from 'next';
import { admissionOptions, withAdmission } from './admission.mjs';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOSTNAME ?? 'localhost';
const url = `http://${host}:${port}`;

process.env.NODE_ENV = 'production';
const app = next({ dev: false, hostname: host, port });
await app.prepare();
const admission = withAdmission(app.getRequestHandler(), admissionOptions(process.env));
const server = createServer(admission.handle);
await new Promise((resolve) => server.listen(port, host, () => resolve(undefined)));

// With NEXT_MANUAL_SIG_HANDLE (the Docker image) the app's own drain owns the signal: readiness turns 503,
// the requests in flight and the jobs finish, then it exits (src/server/observability/lifecycle.ts).
if (!process.env.NEXT_MANUAL_SIG_HANDLE) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      server.close(() => process.exit(0));
      // Keep-alive sockets would hold close() open: give in-flight requests a moment, then leave.
      setTimeout(() => process.exit(0), 5000).unref();
    });
  }
}

async function waitForHealth() {
  for (let attempt = 0; attempt < 240; attempt += 1) {
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return response.json();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Tally did not become healthy at ${url}`);
}

const health = await waitForHealth();
const { concurrency, queueLimit, maxWaitMs } = admissionOptions(process.env);
const lines = [
  ``,
  `Tally is ready on ${url} (database: ${health.database}; ${concurrency} requests at once, ${queueLimit} queued for at most ${maxWaitMs} ms, then 503)`,
];
if (health.demo) {
  lines.push(`Demo sign-in accounts (password: ${health.demo.password}):`);
  for (const account of health.demo.accounts) {
    lines.push(`  ${account.email.padEnd(22)} ${account.memberships.map((m) => `${m.role} in ${m.orgId}`).join(', ')}`);
  }
}
console.log(lines.join('\n'));
