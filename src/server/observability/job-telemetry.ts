import 'server-only';
import { context, propagation, SpanKind, trace, type Link } from '@opentelemetry/api';
import type PgBoss from 'pg-boss';
import { inSpan } from './spans';
import { metrics } from './metrics';

/** Where a job row carries the trace of the request that enqueued it (W3C traceparent/tracestate). */
const TRACE_FIELD = 'traceContext';

/** The payload as stored: the parsed payload plus the enqueuer's trace context, when there is one. */
export function withTraceContext(payload: object): object {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? { ...payload, [TRACE_FIELD]: carrier } : payload;
}

/** Splits a stored job row's data into the payload to parse and a link to the enqueuing request. */
export function splitTraceContext(data: unknown): { payload: unknown; links: Link[] } {
  if (typeof data !== 'object' || data === null || !(TRACE_FIELD in data)) return { payload: data, links: [] };
  const { [TRACE_FIELD]: carrier, ...payload } = data as Record<string, unknown>;
  const enqueuer = trace.getSpanContext(propagation.extract(context.active(), carrier ?? {}));
  return { payload, links: enqueuer && trace.isSpanContextValid(enqueuer) ? [{ context: enqueuer }] : [] };
}

/**
 * One job attempt in its own trace (a job outlives the request that enqueued it), linked to that
 * request's span, timed per queue and outcome.
 */
export async function observeJobAttempt<T>(
  queue: string,
  row: PgBoss.JobWithMetadata,
  links: Link[],
  run: () => Promise<T>,
): Promise<T> {
  const { jobDuration, jobQueueLag } = metrics();
  const runnableAt = Math.max(new Date(row.createdOn).getTime(), new Date(row.startAfter).getTime());
  jobQueueLag.observe({ queue }, Math.max(0, new Date(row.startedOn ?? Date.now()).getTime() - runnableAt) / 1000);
  const started = performance.now();
  const attributes = {
    'messaging.system': 'pg-boss',
    'messaging.destination.name': queue,
    'messaging.message.id': row.id,
    'tally.job.attempt': row.retryCount + 1,
  };
  try {
    const result = await inSpan(`job ${queue}`, { kind: SpanKind.CONSUMER, root: true, links, attributes }, run);
    jobDuration.observe({ queue, outcome: 'completed' }, (performance.now() - started) / 1000);
    return result;
  } catch (error) {
    jobDuration.observe({ queue, outcome: 'failed' }, (performance.now() - started) / 1000);
    throw error;
  }
}

export function countJobFailure(queue: string, retries: boolean): void {
  metrics().jobFailures.inc({ queue, next: retries ? 'retry' : 'dead_letter' });
}
