import { randomUUID } from 'node:crypto';
import { afterAll } from 'vitest';
import { deleteRedisKeys } from '../../scripts/redis-keys.mjs';

/**
 * Gives every test file its own Redis key prefix, so that what one run counts in a shared Redis (the
 * sign-in throttle) never reaches another run, or another file of the same run. The keys go at the end.
 */
const prefix = `tally-test-${randomUUID()}`;
process.env.TALLY_CACHE_PREFIX = prefix;
const url = process.env.REDIS_URL; // read now: a test file may unset it to test the database store

afterAll(async () => {
  if (url) await deleteRedisKeys(url, prefix);
});
