// @ts-check
/** Per-process counters, shown by /inspector for the instance that rendered it. */
export function createStats() {
  return {
    /** Served from the local layer after the Redis check. */
    localHits: 0,
    /** Served from Redis. */
    redisHits: 0,
    /** Nothing usable: the caller computes. */
    misses: 0,
    /** Served once more because a tag went stale; Next refreshes it in the background. */
    stale: 0,
    /** Waited for another process computing the same key. */
    singleFlightWaits: 0,
    /** Redis calls that failed (each answered as a miss or skipped). */
    errors: 0,
  };
}

/** @typedef {ReturnType<typeof createStats>} Stats */
