import { describe, expect, it } from 'vitest';
import { startServer } from './support/server';

const BASE_PORT = Number(process.env.E2E_PORT ?? 3210);

describe('SIGTERM drain (NEXT_MANUAL_SIG_HANDLE=1, as in the Docker image)', () => {
  it('turns unready at once, finishes the request in flight, then exits 0', async () => {
    const server = await startServer(
      BASE_PORT + 9,
      { NEXT_MANUAL_SIG_HANDLE: '1', REDIS_URL: '' },
      { waitFor: '/api/health/ready' },
    );
    try {
      const inFlight = fetch(`${server.url}/invoices`).then((response) => response.status);
      await new Promise((resolve) => setTimeout(resolve, 30));
      const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
      server.process.kill('SIGTERM');
      // "At once" on a loaded machine: the first readiness answer after the signal is handled is a 503.
      await expect
        .poll(async () => (await fetch(`${server.url}/api/health/ready`).catch(() => null))?.status, {
          timeout: 2_000,
          interval: 20,
        })
        .toBe(503);
      expect(await inFlight).toBeLessThan(500);
      expect(await exited).toBe(0);
      expect(server.output()).toMatch(/"msg":"drained"/);
    } finally {
      await server.stop();
    }
  });
});
