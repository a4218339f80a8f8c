import 'server-only';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds: from a cached hit (sub-millisecond) to a slow render or job. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function createMetrics() {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'tally_http_request_duration_seconds',
      help: 'HTTP requests served, by method, route pattern and status code (from Next.js request spans).',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    cachedFunctionMisses: new Counter({
      name: 'tally_cached_function_misses_total',
      help: "'use cache' function bodies that ran (a miss in every layer), by function and tag family; counted by Tally whichever handler is in use.",
      labelNames: ['function', 'family'] as const,
      registers,
    }),
    cachedFunctionReads: new Counter({
      name: 'tally_cached_function_reads_total',
      help: "Calls of a 'use cache' function, by function and tag family: hits are reads minus misses, whichever layer served them.",
      labelNames: ['function', 'family'] as const,
      registers,
    }),
    cacheInvalidations: new Counter({
      name: 'tally_cache_invalidations_total',
      help: 'Tags invalidated through the invalidation graph, by tag family, primitive (updateTag, revalidateTag) and source (action, job).',
      labelNames: ['family', 'primitive', 'source'] as const,
      registers,
    }),
    invalidationDuration: new Histogram({
      name: 'tally_cache_invalidation_duration_seconds',
      help: "Time from the start of an event's fan-out until every tag call returned (with Redis: until the shared tag state is written, which is when other instances see it).",
      labelNames: ['mode', 'source'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    dbQueryDuration: new Histogram({
      name: 'tally_db_query_duration_seconds',
      help: 'Database queries at the driver, by driver (pglite, postgres) and outcome (ok, error).',
      labelNames: ['driver', 'outcome'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    dbQueriesInFlight: new Gauge({
      name: 'tally_db_queries_in_flight',
      help: 'Queries sent and not yet answered: connections of the pool in use (queued ones included).',
      labelNames: ['driver'] as const,
      registers,
    }),
    dbPoolMax: new Gauge({
      name: 'tally_db_pool_max_connections',
      help: "Size of the app's connection pool (1 for PGlite).",
      labelNames: ['driver'] as const,
      registers,
    }),
    jobDuration: new Histogram({
      name: 'tally_job_duration_seconds',
      help: 'Job attempts run by this process, by queue and outcome (completed, failed).',
      labelNames: ['queue', 'outcome'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    jobFailures: new Counter({
      name: 'tally_job_failures_total',
      help: 'Failed job attempts, by queue and what happens next (retry, dead_letter).',
      labelNames: ['queue', 'next'] as const,
      registers,
    }),
    jobQueueLag: new Histogram({
      name: 'tally_job_queue_lag_seconds',
      help: 'Time a job waited between becoming runnable and starting (dedupe debounce excluded), by queue.',
      labelNames: ['queue'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

// One registry per process, however many bundler module scopes (instrumentation, each route) load this file.
const holder = globalThis as typeof globalThis & { __tallyMetrics?: Metrics };

export function metrics(): Metrics {
  return (holder.__tallyMetrics ??= createMetrics());
}

/**
 * A tag without its tenant and record ids: `org:<id>:invoice:<id>:comments` -> `invoice:comments`.
 * Keeps label cardinality bounded by the tag families in src/server/cache/tags.ts.
 */
export function tagFamilyOf(tag: string): string {
  return tag.replace(/^(org|user):[^:]+:/, '').replace(/^invoice:[^:]+/, 'invoice');
}

/** One event's fan-out, after it returned: each tag by family and primitive, and how long it took. */
export function observeInvalidations(
  entries: readonly { tag: string; primitive: string }[],
  labels: { mode: string; source: string },
  seconds: number,
): void {
  const { cacheInvalidations, invalidationDuration } = metrics();
  for (const { tag, primitive } of entries)
    cacheInvalidations.inc({ family: tagFamilyOf(tag), primitive, source: labels.source });
  invalidationDuration.observe(labels, seconds);
}
