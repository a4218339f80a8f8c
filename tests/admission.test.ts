import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { withAdmission } from '../scripts/admission.mjs';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A server whose every request takes `ms` to answer, behind the admission guard. */
async function slowServer(ms: number, limits: { concurrency: number; queueLimit: number; maxWaitMs: number }) {
  const admission = withAdmission((_request, response) => setTimeout(() => response.end('ok'), ms), {
    ...limits,
    retryAfterSeconds: 1,
  });
  const server = createServer(admission.handle);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, stats: admission.stats };
}

async function until(condition: () => boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function timed(url: string) {
  const started = performance.now();
  const response = await fetch(url);
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: await response.text(),
    ms: performance.now() - started,
  };
}

describe('admission guard (npm start)', () => {
  it('serves what fits, and answers the rest 503 with Retry-After at once instead of letting them wait', async () => {
    const { url, stats } = await slowServer(300, { concurrency: 2, queueLimit: 2, maxWaitMs: 5000 });
    const results = await Promise.all(Array.from({ length: 10 }, () => timed(url)));
    const refused = results.filter((r) => r.status === 503);
    const served = results.filter((r) => r.status === 200);
    expect(served).toHaveLength(4);
    expect(refused).toHaveLength(6);
    // "At once" measured against the work itself, not a wall-clock budget a loaded machine could miss.
    const firstServed = Math.min(...served.map((r) => r.ms));
    for (const r of refused) {
      expect(r.retryAfter).toBe('1');
      expect(JSON.parse(r.body).error.code).toBe('overloaded');
      expect(r.ms).toBeLessThan(firstServed);
    }
    expect(stats()).toMatchObject({ active: 0, queued: 0, refused: 6 });
  });

  it('refuses a queued request that waited longer than the limit, and serves the next one normally', async () => {
    const { url } = await slowServer(400, { concurrency: 1, queueLimit: 10, maxWaitMs: 100 });
    const [first, second] = await Promise.all([timed(url), timed(url)]);
    expect(first?.status).toBe(200);
    expect(second?.status).toBe(503);
    expect(second?.ms).toBeLessThan(first?.ms ?? 0);
    expect((await timed(url)).status).toBe(200);
  });

  it('drops a queued request whose client went away, so it does not hold up fresh ones', async () => {
    const { url, stats } = await slowServer(1000, { concurrency: 1, queueLimit: 10, maxWaitMs: 5000 });
    let runningSettled = false;
    const running = timed(url).finally(() => (runningSettled = true));
    const controllers = Array.from({ length: 5 }, () => new AbortController());
    const abandoned = controllers.map((c) => fetch(url, { signal: c.signal }).catch(() => null));
    await until(() => stats().queued === 5);
    controllers.forEach((c) => c.abort());
    await Promise.all(abandoned);
    await until(() => stats().queued === 0);
    // Emptied while the one request in service still runs: nothing waited for a turn to be dropped.
    expect(runningSettled).toBe(false);
    expect((await running).status).toBe(200);
    expect(stats()).toMatchObject({ active: 0, queued: 0 });
  });
});
