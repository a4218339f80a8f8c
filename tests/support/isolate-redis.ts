import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';

/**
 * Gives every test file its own Redis key prefix, so that what one run counts in a shared Redis (the
 * sign-in throttle) never reaches another run, or another file of the same run. The keys go at the end.
 */
const prefix = `tally-test-${randomUUID()}`;
process.env.TALLY_CACHE_PREFIX = prefix;
const url = process.env.REDIS_URL; // read now: a test file may unset it to test the database store

afterAll(async () => {
  if (!url) return;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
});
