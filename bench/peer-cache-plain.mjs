// Benchmarks only (`TALLY_CACHE_PEER=plain`): the plain "GET + tag MGET" handler as Next's `'use cache'` handler.
import { createPlainHandler } from '../packages/next-redis-cache/bench/plain-handler.mjs';

const building = process.env.NEXT_PHASE === 'phase-production-build';

export default building
  ? {
      get: async () => undefined,
      set: async () => {},
      refreshTags: async () => {},
      getExpiration: async () => 0,
      updateTags: async () => {},
    }
  : createPlainHandler({ url: process.env.TALLY_PEER_REDIS_URL, prefix: process.env.TALLY_CACHE_PREFIX || 'tally' });
