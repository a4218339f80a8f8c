import { Writable } from 'node:stream';
import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { database } from '@/server/db/client';
import { instrumentDatabase } from '@/server/observability/db-queries';
import { observeJobAttempt, splitTraceContext, withTraceContext } from '@/server/observability/job-telemetry';
import { createLogger } from '@/server/observability/logger';
import { metrics, tagFamilyOf } from '@/server/observability/metrics';
import { RequestSpanProcessor } from '@/server/observability/request-spans';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => {
  provider.register();
});

afterAll(async () => {
  trace.disable();
  propagation.disable();
  context.disable();
  await provider.shutdown();
});

describe('logger', () => {
  it('censors credentials wherever they sit in a logged object', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
    createLogger(sink).info(
      {
        password: 'demo-password',
        body: { password: 'demo-password', token: 'tok-1' },
        req: { headers: { cookie: 'better-auth.session_token=abc.def' } },
      },
      'hello',
    );
    const line = lines.join('');
    expect(line).not.toContain('demo-password');
    expect(line).not.toContain('tok-1');
    expect(line).not.toContain('abc.def');
    expect(JSON.parse(line)).toMatchObject({
      level: 'info',
      msg: 'hello',
      password: '[redacted]',
      body: { password: '[redacted]' },
    });
  });
});

describe('metrics', () => {
  it('reduces tags to their family, without tenant or record ids', () => {
    expect(tagFamilyOf('org:o1:invoices:list')).toBe('invoices:list');
    expect(tagFamilyOf('org:o1:invoice:inv_9:comments')).toBe('invoice:comments');
    expect(tagFamilyOf('org:o1:invoice:inv_9')).toBe('invoice');
    expect(tagFamilyOf('user:u1:memberships')).toBe('memberships');
  });

  it('times every query at the driver, with a span and no parameters', async () => {
    const opened = instrumentDatabase(await database());
    const before =
      (await metrics().dbQueryDuration.get()).values.find(
        (v) => v.metricName?.endsWith('_count') && v.labels.driver === opened.kind,
      )?.value ?? 0;
    exporter.reset();
    await trace.getTracer('test').startActiveSpan('parent', async (parent) => {
      await opened.db.execute(sql`SELECT ${'secret-parameter'}::text AS echoed`);
      await opened.db.transaction(async (tx) => tx.execute(sql`SELECT 1`));
      parent.end();
    });
    const after =
      (await metrics().dbQueryDuration.get()).values.find(
        (v) => v.metricName?.endsWith('_count') && v.labels.driver === opened.kind,
      )?.value ?? 0;
    expect(after - before).toBeGreaterThanOrEqual(2);
    const queries = exporter.getFinishedSpans().filter((span) => span.name === `${opened.kind} query`);
    expect(queries.length).toBeGreaterThanOrEqual(2);
    const parent = exporter.getFinishedSpans().find((span) => span.name === 'parent')!;
    expect(queries[0]!.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(JSON.stringify(queries.map((span) => span.attributes))).not.toContain('secret-parameter');
  });
});

describe('job trace context', () => {
  it('carries the enqueuing span into the job row and links the run to it, leaving the payload as parsed', async () => {
    exporter.reset();
    const { stored, enqueuer } = trace.getTracer('test').startActiveSpan('request', (span) => {
      const result = { stored: withTraceContext({ orgId: 'acme' }), enqueuer: span.spanContext() };
      span.end();
      return result;
    });
    const { payload, links } = splitTraceContext(JSON.parse(JSON.stringify(stored)));
    expect(payload).toEqual({ orgId: 'acme' });
    const row = {
      id: 'job-1',
      retryCount: 0,
      createdOn: new Date(),
      startAfter: new Date(),
      startedOn: new Date(),
    } as PgBoss.JobWithMetadata;
    // Run from inside another trace, as a worker woken by a request would be: still a trace of its own.
    await trace.getTracer('test').startActiveSpan('waking request', async (span) => {
      await observeJobAttempt('summary.recompute', row, links, async () => 'done');
      span.end();
    });
    const run = exporter.getFinishedSpans().find((span) => span.name === 'job summary.recompute')!;
    expect(run.links[0]?.context.traceId).toBe(enqueuer.traceId);
    expect(run.links[0]?.context.spanId).toBe(enqueuer.spanId);
    expect(run.spanContext().traceId).not.toBe(enqueuer.traceId);
  });

  it('leaves a payload alone when nothing is being traced', () => {
    expect(withTraceContext({ orgId: 'acme' })).toEqual({ orgId: 'acme' });
    expect(splitTraceContext({ orgId: 'acme' })).toEqual({ payload: { orgId: 'acme' }, links: [] });
  });
});

describe('cache handler spans', () => {
  const HANDLER = Symbol.for('tally.redis-cache-handler');
  const holder = globalThis as Record<symbol, unknown>;
  const requestSpan = {
    spanContext: () => ({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }),
    attributes: { 'next.span_type': 'BaseServer.handleRequest' },
  } as unknown as Parameters<RequestSpanProcessor['onStart']>[0];

  afterAll(() => {
    delete holder[HANDLER];
  });

  it("leaves the handler's methods alone while spans stay in the process, and wraps them once they are exported", async () => {
    const get = async () => undefined;
    const refreshTags = async () => {};
    holder[HANDLER] = { get, refreshTags, set: async () => {}, updateTags: async () => {} };

    new RequestSpanProcessor({ traceCacheHandler: false }).onStart(requestSpan, context.active());
    const handler = holder[HANDLER] as Record<string, unknown>;
    expect(handler.get).toBe(get);
    expect(handler.refreshTags).toBe(refreshTags);

    new RequestSpanProcessor({ traceCacheHandler: true }).onStart(requestSpan, context.active());
    expect(handler.get).not.toBe(get);
    expect(handler.refreshTags).not.toBe(refreshTags);
    exporter.reset();
    await (handler.refreshTags as () => Promise<void>)();
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['cache refreshTags']);
  });
});
