import 'server-only';
import { Counter, Gauge, type Registry } from 'prom-client';
import { cacheHandlerStats } from '@/server/cache/handler-stats';

/**
 * The Redis cache handler's own counters (`stats()`), read at scrape time. Fields are read by name and
 * skipped when absent, so an older or newer handler (or Next's built-in one: no stats at all) simply
 * exports fewer series.
 */
type Stats = Record<string, unknown>;

const numberAt = (stats: Stats, field: string): number | undefined => {
  const value = stats[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};

interface CounterSource {
  field: string;
  labels: Record<string, string>;
}

/** A Prometheus counter mirroring monotonic handler fields: each scrape adds what grew since the last. */
function mirroredCounter(registry: Registry, name: string, help: string, labelNames: string[], sources: CounterSource[]) {
  const seen = new Map<string, number>();
  return new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      const stats = cacheHandlerStats() as unknown as Stats | null;
      if (!stats) return;
      for (const { field, labels } of sources) {
        const value = numberAt(stats, field);
        if (value === undefined) continue;
        const grown = value - (seen.get(field) ?? 0);
        seen.set(field, value);
        if (grown > 0) this.inc(labels, grown);
      }
    },
  });
}

function mirroredGauge(registry: Registry, name: string, help: string, read: (stats: Stats) => number | undefined) {
  return new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      const stats = cacheHandlerStats() as unknown as Stats | null;
      const value = stats ? read(stats) : undefined;
      if (value !== undefined) this.set(value);
    },
  });
}

export function registerHandlerCollectors(registry: Registry): void {
  mirroredCounter(
    registry,
    'tally_cache_gets_total',
    "'use cache' reads answered by the Redis handler, by layer (local, redis) and result (hit, miss, stale).",
    ['layer', 'result'],
    [
      { field: 'localHits', labels: { layer: 'local', result: 'hit' } },
      { field: 'localMisses', labels: { layer: 'local', result: 'miss' } },
      { field: 'redisHits', labels: { layer: 'redis', result: 'hit' } },
      { field: 'misses', labels: { layer: 'redis', result: 'miss' } },
      { field: 'stale', labels: { layer: 'redis', result: 'stale' } },
    ],
  );
  mirroredCounter(
    registry,
    'tally_cache_single_flight_total',
    'Reads that waited for another process computing the same entry, by outcome (waited, timeout: computed anyway).',
    ['outcome'],
    [
      { field: 'singleFlightWaits', labels: { outcome: 'waited' } },
      { field: 'singleFlightTimeouts', labels: { outcome: 'timeout' } },
    ],
  );
  mirroredCounter(
    registry,
    'tally_cache_update_tags_total',
    'updateTags calls the Redis handler received (invalidations from this process).',
    [],
    [{ field: 'updateTags', labels: {} }],
  );
  mirroredCounter(
    registry,
    'tally_cache_redis_errors_total',
    'Redis calls that failed (each answered as a miss or skipped).',
    [],
    [{ field: 'errors', labels: {} }],
  );
  mirroredGauge(registry, 'tally_cache_redis_up', '1 while the Redis handler reaches Redis, 0 during an outage.', (stats) =>
    typeof stats.redisHealthy === 'boolean' ? Number(stats.redisHealthy) : undefined,
  );
  mirroredGauge(registry, 'tally_cache_local_entries', "Entries in this process's local layer.", (stats) =>
    numberAt(stats, 'localEntries'),
  );
  mirroredGauge(registry, 'tally_cache_local_bytes', "Bytes held by this process's local layer.", (stats) =>
    numberAt(stats, 'localBytes'),
  );
}
