// Benchmarks only (`TALLY_CACHE_PEER=trieb`): @trieb.work/nextjs-turbo-redis-cache as Next's `'use cache'`
// handler, configured as its README's Cache Components setup (it skips Redis during `next build` itself).
import { getRedisCacheComponentsHandler } from '@trieb.work/nextjs-turbo-redis-cache';

export default getRedisCacheComponentsHandler({
  redisUrl: process.env.TALLY_PEER_REDIS_URL,
  keyPrefix: `${process.env.TALLY_CACHE_PREFIX || 'tally'}:trieb:`,
  database: 0,
});
