import type { CacheHandlerStats } from '@/server/cache/handler-stats';

const COUNTERS = [
  ['localHits', 'Local hits'],
  ['redisHits', 'Redis hits'],
  ['misses', 'Misses'],
  ['stale', 'Stale served'],
  ['singleFlightWaits', 'Single-flight waits'],
  ['errors', 'Redis errors'],
] as const;

/** Counters of the instance that rendered this page, since it started. */
export function CacheCounters({ instance, stats }: { instance: string; stats: CacheHandlerStats | null }) {
  if (!stats) {
    return (
      <p className="text-sm text-slate-500" data-testid="cache-counters-off">
        Next&apos;s built-in in-memory cache is in use on {instance} (set REDIS_URL to share the cache between instances).
      </p>
    );
  }
  return (
    <div className="space-y-1">
      <dl className="grid grid-cols-3 gap-2 text-sm sm:grid-cols-6" data-testid="cache-counters">
        {COUNTERS.map(([key, label]) => (
          <div key={key} className="rounded bg-slate-50 p-2">
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className="font-mono" data-testid={`counter-${key}`}>
              {stats[key]}
            </dd>
          </div>
        ))}
      </dl>
      <p className="text-xs text-slate-500">
        Redis {stats.redisHealthy ? 'reachable' : 'unreachable: serving from the database'}; local layer {stats.localEntries}{' '}
        entries, {Math.round(stats.localBytes / 1024)} KiB.
      </p>
    </div>
  );
}
