import { connect, createServer, type Server, type Socket } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './support/server';

const BASE_PORT = Number(process.env.E2E_PORT ?? 3210);
const DATABASE_URL = process.env.DATABASE_URL;

/** A TCP relay to the real Postgres on `port`: closed, the database is unreachable; listening, it is back. */
function relay(port: number, target: URL) {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  return {
    open: () =>
      new Promise<void>((resolve) => {
        server = createServer((client) => {
          const upstream = connect(Number(target.port || 5432), target.hostname);
          for (const socket of [client, upstream]) {
            sockets.add(socket);
            socket.on('error', () => {});
            socket.on('close', () => sockets.delete(socket));
          }
          client.pipe(upstream).pipe(client);
        }).listen(port, '127.0.0.1', () => resolve());
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        if (server) server.close(() => resolve());
        else resolve();
      }),
  };
}

interface LogLine {
  msg?: string;
  requestId?: string;
  status?: number;
  path?: string;
  err?: { stack?: string };
}

describe.skipIf(!DATABASE_URL)('readiness and failing requests against an unreachable database', () => {
  const database = `tally_ready_${Date.now()}`;
  const relayPort = BASE_PORT + 7;
  const target = new URL(DATABASE_URL ?? 'postgres://localhost');
  const postgresRelay = relay(relayPort, target);
  let server: RunningServer;

  beforeAll(async () => {
    const admin = postgres(DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(DATABASE_URL!);
    url.host = `127.0.0.1:${relayPort}`;
    url.pathname = `/${database}`;
    server = await startServer(
      BASE_PORT + 8,
      { DATABASE_URL: url.toString(), REDIS_URL: '', TALLY_WORKER: '0' },
      { waitFor: '/api/health/live' },
    );
  });

  afterAll(async () => {
    await server?.stop();
    await postgresRelay.close();
    const admin = postgres(DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('answers 503 while the database port is closed, naming the failed check', async () => {
    const response = await fetch(`${server.url}/api/health/ready`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { ready: boolean; checks: Record<string, { ok: boolean }> };
    expect(body.ready).toBe(false);
    expect(body.checks.database!.ok).toBe(false);
    expect((await fetch(`${server.url}/api/health/live`)).status).toBe(200);
  });

  it('logs a failing request with its stack under the request id of its request line', async () => {
    expect((await fetch(`${server.url}/api/health`)).status).toBe(500);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
    const failed = lines.find((line) => line.msg === 'request' && line.path === '/api/health' && line.status === 500);
    expect(failed?.requestId).toMatch(/^[0-9a-f]{32}$/);
    const error = lines.find((line) => line.msg === 'request failed' && line.requestId === failed!.requestId);
    expect(error?.err?.stack).toContain('ECONNREFUSED');
  });

  it('answers 200 once the database is reachable again', async () => {
    await postgresRelay.open();
    await expect
      .poll(async () => (await fetch(`${server.url}/api/health/ready`)).status, { timeout: 30_000, interval: 500 })
      .toBe(200);
  });
});
