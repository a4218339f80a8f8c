import 'server-only';
import { Redis } from 'ioredis';
import { RateLimiterDrizzle, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { env } from '@/server/env';
import { db } from '@/server/db/client';
import { signInThrottle } from '@/server/db/schema';

export interface Budget {
  /** Attempts allowed per window. */
  points: number;
  /** The window, in seconds. */
  duration: number;
}

/**
 * A counter every instance shares: Redis when configured (falling back to the database while Redis
 * is unreachable), else the app's database, Postgres or PGlite. There is always a database, so there
 * is no per-process store. See docs/decisions/013.
 */
export async function sharedLimiter(name: string, budget: Budget, redisUrl = env().REDIS_URL): Promise<RateLimiterAbstract> {
  const inDatabase = new RateLimiterDrizzle({ storeClient: await db(), schema: signInThrottle, keyPrefix: name, ...budget });
  if (!redisUrl) return inDatabase;
  // No offline queue: while Redis is unreachable a count goes to the database at once instead of waiting.
  const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => {}); // an outage is handled by the database fallback, not by crashing the process
  await redis.connect().catch(() => {}); // keeps reconnecting in the background
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${env().TALLY_CACHE_PREFIX}:${name}`,
    insuranceLimiter: inDatabase,
    ...budget,
  });
}
