// @ts-check
/**
 * Redis key names. Entries and single-flight locks belong to one build (two builds never read each
 * other's bytes); tag state and the pub/sub channels do not, because every build reads the same
 * database, so an invalidation made by an old build during a rolling deploy must reach the new one.
 */

/** @param {string} prefix @param {string} buildId */
export function createKeys(prefix, buildId) {
  return {
    entry: (/** @type {string} */ cacheKey) => `${prefix}:entry:${buildId}:${cacheKey}`,
    lock: (/** @type {string} */ cacheKey) => `${prefix}:lock:${buildId}:${cacheKey}`,
    tag: (/** @type {string} */ tag) => `${prefix}:tag:${tag}`,
    invalidationChannel: `${prefix}:invalidated`,
    fillChannel: `${prefix}:filled:${buildId}`,
  };
}

/** @typedef {ReturnType<typeof createKeys>} Keys */
