// @ts-check
/**
 * Per-process counters: /inspector shows them for the instance that rendered it, and an operator can
 * export them (every field is a monotonic counter unless its comment says otherwise).
 */
export function createStats() {
  return {
    /** Served from the local layer (judged against the mirrored tag state: no round trip). */
    localHits: 0,
    /** Served from Redis (one round trip: the payload). */
    redisHits: 0,
    /** Nothing usable: the caller computes. */
    misses: 0,
    /** Served once more because a tag went stale (either layer); Next refreshes it in the background. */
    stale: 0,
    /** Waited for another process computing the same key. */
    singleFlightWaits: 0,
    /** Redis calls that failed (each answered as a miss or skipped). */
    errors: 0,
    /** Stale answers from the local layer (part of `stale`). */
    localStale: 0,
    /** Stale answers from Redis (part of `stale`). */
    redisStale: 0,
    /** Local copies dropped because a tag expired them, or they were older than the log this process knows. */
    localExpired: 0,
    /** Reads that found no local copy and went to Redis. */
    localMisses: 0,
    /** Reads Redis could not answer (absent, or expired by a tag). */
    redisMisses: 0,
    /** Waits for another process that ran out of time (this process computed anyway). */
    singleFlightTimeouts: 0,
    /** `updateTags` calls (invalidations), and those that could not reach Redis (replayed later). */
    updateTagsCalls: 0,
    updateTagsFailures: 0,
    /** `refreshTags` calls (one per request), and the log reads they cost after coalescing. */
    refreshCalls: 0,
    refreshRoundTrips: 0,
    /** Full re-reads of the log that dropped the local layer (trimmed past us, Redis restarted, reconnected). */
    mirrorResets: 0,
    /** Invalidations applied from the log, and their lag: Redis time of the write to its arrival here. */
    invalidationsApplied: 0,
    propagationLagMsSum: 0,
    propagationLagMsMax: 0,
  };
}

/** @typedef {ReturnType<typeof createStats>} Stats */
