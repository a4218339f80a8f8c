import 'server-only';

/** This process's Redis cache handler counters (@tally/next-redis-cache's stats), or null when Next's built-in handler is in use. */
export interface CacheHandlerStats {
  localHits: number;
  redisHits: number;
  misses: number;
  stale: number;
  singleFlightWaits: number;
  errors: number;
  localEntries: number;
  localBytes: number;
  redisHealthy: boolean;
}

interface StatsSource {
  stats(): CacheHandlerStats;
}

// The handler is loaded by Next outside the app bundle; globalThis is the one place both can see.
const HANDLER = Symbol.for('tally.redis-cache-handler');

export function cacheHandlerStats(): CacheHandlerStats | null {
  const handler = (globalThis as Record<symbol, Partial<StatsSource> | undefined>)[HANDLER];
  return typeof handler?.stats === 'function' ? handler.stats() : null;
}
