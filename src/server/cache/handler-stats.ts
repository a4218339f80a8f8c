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
  /** Added with the mirrored invalidation log (decision 015); absent from an older handler. */
  localStale?: number;
  redisStale?: number;
  localExpired?: number;
  localMisses?: number;
  redisMisses?: number;
  singleFlightTimeouts?: number;
  updateTagsCalls?: number;
  updateTagsFailures?: number;
  refreshCalls?: number;
  refreshRoundTrips?: number;
  mirrorResets?: number;
  invalidationsApplied?: number;
  propagationLagMsSum?: number;
  propagationLagMsMax?: number;
  outage?: boolean;
  logPosition?: number;
  mirroredTags?: number;
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
