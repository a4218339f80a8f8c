import { createServer, type Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, DEMO_PASSWORD, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const BASE_PORT = Number(process.env.E2E_PORT ?? 3210);
const METRICS_TOKEN = 'metrics-token-for-the-e2e-run';

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

/** An OTLP/HTTP (JSON) collector in memory: what the app's exporter sends when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
function startCollector(port: number): Promise<{ spans: ExportedSpan[]; close(): Promise<void> }> {
  const spans: ExportedSpan[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as {
        resourceSpans?: { scopeSpans?: { spans?: ExportedSpan[] }[] }[];
      };
      for (const resource of body.resourceSpans ?? [])
        for (const scope of resource.scopeSpans ?? []) spans.push(...(scope.spans ?? []));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () => resolve({ spans, close: () => new Promise((done) => server.close(() => done())) })),
  );
}

/** Sum of a metric's samples whose labels include all of `labels`. */
function sample(exposition: string, name: string, labels: Record<string, string>): number {
  return exposition
    .split('\n')
    .filter(
      (line) => line.startsWith(`${name}{`) && Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)),
    )
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

const attribute = (span: ExportedSpan, key: string) => span.attributes.find((entry) => entry.key === key)?.value;

describe('operability: metrics, traces and logs of a production server', () => {
  let server: RunningServer;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let browser: Browser;

  beforeAll(async () => {
    collector = await startCollector(BASE_PORT + 6);
    server = await startServer(BASE_PORT + 5, {
      TALLY_METRICS_TOKEN: METRICS_TOKEN,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${BASE_PORT + 6}`,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await collector?.close();
  });

  it('serves the metrics only with the bearer token', async () => {
    expect((await fetch(`${server.url}/api/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${server.url}/api/metrics`, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status,
    ).toBe(401);
    const scraped = await fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toContain('text/plain');
  });

  it('counts requests by route, cache misses and hits, and traces a request down to its query', async () => {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await signIn(page, 'admin@acme.test');
    await page.goto('/invoices');
    await page.reload();
    await page.locator('[data-testid=invoice-row] a').first().click();
    await page.waitForURL('**/invoices/*');
    await context.close();

    const exposition = await (
      await fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    expect(
      sample(exposition, 'tally_http_request_duration_seconds_count', { route: '/invoices', status: '200' }),
    ).toBeGreaterThan(0);
    expect(sample(exposition, 'tally_http_request_duration_seconds_count', { route: '/invoices/[id]' })).toBeGreaterThan(0);
    expect(sample(exposition, 'tally_http_request_duration_seconds_bucket', { route: '/invoices', le: '+Inf' })).toBeGreaterThan(
      0,
    );
    const listMisses = sample(exposition, 'tally_cached_function_misses_total', {
      function: 'getInvoiceListPage',
      family: 'invoices:list',
    });
    expect(listMisses).toBeGreaterThan(0);
    // The reload read the list again without running it: a hit for the family, whichever handler served it.
    expect(
      sample(exposition, 'tally_cached_function_reads_total', { function: 'getInvoiceListPage', family: 'invoices:list' }),
    ).toBeGreaterThan(listMisses);
    expect(sample(exposition, 'tally_db_query_duration_seconds_count', { driver: 'pglite', outcome: 'ok' })).toBeGreaterThan(0);
    expect(exposition).toMatch(/instance_id="/);
    if (process.env.REDIS_URL) {
      // The Redis handler's own counters: the reload and the record page were served from the cache.
      const hits = sample(exposition, 'tally_cache_gets_total', { result: 'hit' });
      expect(hits).toBeGreaterThan(0);
      expect(sample(exposition, 'tally_cache_gets_total', { result: 'miss' })).toBeGreaterThan(0);
    }

    await expect.poll(() => collector.spans.some((span) => span.name.startsWith('cache miss ')), { timeout: 10_000 }).toBe(true);
    const byId = new Map(collector.spans.map((span) => [span.spanId, span]));
    const rootOf = (span: ExportedSpan): ExportedSpan => {
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      return parent ? rootOf(parent) : span;
    };
    const miss = collector.spans.find(
      (span) =>
        attribute(span, 'tally.cache.function')?.stringValue === 'getInvoiceListPage' &&
        collector.spans.some((child) => child.parentSpanId === span.spanId && child.name === 'pglite query'),
    );
    expect(miss, 'a cache-miss span with a query span under it').toBeDefined();
    expect(JSON.stringify(attribute(miss!, 'tally.cache.tags'))).toContain(':invoices:list');
    const request = rootOf(miss!);
    expect(request.kind).toBe(2); // SERVER
    // The page's GET, or the sign-in POST whose redirect rendered /invoices in the same response.
    expect(['GET', 'POST']).toContain(attribute(request, 'http.method')?.stringValue);
  });

  it('writes one JSON line per request with its id and user, and never a password or session cookie', async () => {
    const signInResponse = await fetch(`${server.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email: 'member@acme.test', password: DEMO_PASSWORD }),
    });
    const cookies = signInResponse.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!);
    expect(cookies.length).toBeGreaterThan(0);
    await fetch(`${server.url}/invoices`, { headers: { cookie: cookies.join('; ') } });
    // A wrong password is logged nowhere either.
    await fetch(`${server.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email: 'member@acme.test', password: 'not-the-demo-password' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));

    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = lines.filter((line) => line.msg === 'request');
    const invoices = requests.find((line) => line.route === '/invoices' && line.userId && line.orgId);
    expect(invoices, 'a request line for /invoices with its user and org').toMatchObject({
      level: 'info',
      status: 200,
      method: 'GET',
    });
    expect(invoices!.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(typeof invoices!.durationMs).toBe('number');

    const log = server.output();
    expect(log).not.toContain(DEMO_PASSWORD);
    expect(log).not.toContain('not-the-demo-password');
    for (const cookie of cookies) {
      const value = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1));
      expect(log).not.toContain(value);
      expect(log).not.toContain(value.split('.')[0]); // the session token without its signature
    }
  });
});
