// @ts-check
/**
 * Benchmarks only (`TALLY_CACHE_BYPASS=1`): a `'use cache'` handler that stores nothing, so every
 * read goes to Postgres. It is how bench/ measures the same page uncached.
 */
/** @type {import('next/cache').CacheHandler} */
const bypassHandler = {
  get: async () => undefined,
  set: async () => {},
  refreshTags: async () => {},
  getExpiration: async () => 0,
  updateTags: async () => {},
};

export default bypassHandler;
