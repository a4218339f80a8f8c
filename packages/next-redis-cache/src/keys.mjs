// @ts-check
/**
 * Redis key names, laid out for Redis Cluster: every script's keys share one hash slot through a
 * `{hash tag}`. An entry and its single-flight lock share `{build:cacheKey}`; the invalidation log,
 * its sequence counter and the epoch share `{prefix:log}`. Entries and locks belong to one build
 * (two builds never read each other's bytes); the log does not, because every build reads the same
 * database, so an invalidation made by an old build during a rolling deploy must reach the new one.
 * Every key starts with `prefix:`, so one prefix can be listed and deleted with SCAN.
 */

/** @param {string} prefix @param {string} buildId */
export function createKeys(prefix, buildId) {
  for (const value of [prefix, buildId]) {
    if (/[{}]/.test(value))
      throw new Error(`Cache prefixes and build ids may not contain braces (they delimit Redis Cluster hash tags): ${value}`);
  }
  const log = `${prefix}:{${prefix}:log}`;
  return {
    entry: (/** @type {string} */ cacheKey) => `${prefix}:entry:{${buildId}:${cacheKey}}`,
    lock: (/** @type {string} */ cacheKey) => `${prefix}:lock:{${buildId}:${cacheKey}}`,
    log: { stream: `${log}:stream`, seq: `${log}:seq`, epoch: `${log}:epoch` },
    invalidationChannel: `${prefix}:invalidated`,
    fillChannel: `${prefix}:filled:${buildId}`,
  };
}

/** @typedef {ReturnType<typeof createKeys>} Keys */
