// Helpers shared by the benchmark sections.
import { execSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

export const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

export function machine() {
  const safe = (command) => {
    try {
      return execSync(command, { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    } catch {
      return 'unknown';
    }
  };
  return [
    `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores (shared with other work), ${Math.round(totalmem() / 2 ** 30)} GiB RAM`,
    `Node ${process.version}, ${safe('redis-server --version').split(' ').slice(0, 3).join(' ')}, ${safe('psql --version')}`,
    'Redis and Postgres on the same machine (loopback), so network latency is far below a real deployment',
  ];
}

/** Signs in through Better Auth's JSON endpoint and returns the Cookie header. */
export async function signIn(baseUrl, email, origin = baseUrl) {
  const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email, password: 'demo-password' }),
  });
  if (!response.ok) throw new Error(`sign-in failed on ${baseUrl}: ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

export const fetchedAt = (html, testId) => new RegExp(`data-testid="${testId}">([^<]+)`).exec(html)?.[1];
