// @ts-check
import { Redis } from 'ioredis';

/**
 * Deletes every key under `prefix:` (clean-up after tests and benchmarks only; the app itself never
 * scans keys). @param {string} url @param {string} prefix
 */
export async function deleteRedisKeys(url, prefix) {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}
