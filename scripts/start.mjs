// `npm start`: serves the built app with `next start`, opens the database (migrations, first-run seed)
// through the health endpoint, then prints where to go and, in demo mode, how to sign in.
import { spawn } from 'node:child_process';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOSTNAME ?? 'localhost';
const url = `http://${host}:${port}`;

const server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port)], {
  stdio: 'inherit',
  env: process.env,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));

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
const lines = [``, `Tally is ready on ${url} (database: ${health.database})`];
if (health.demo) {
  lines.push(`Demo sign-in accounts (password: ${health.demo.password}):`);
  for (const account of health.demo.accounts) {
    lines.push(`  ${account.email.padEnd(22)} ${account.memberships.map((m) => `${m.role} in ${m.orgId}`).join(', ')}`);
  }
}
console.log(lines.join('\n'));
