import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { NextConfig } from 'next';

/**
 * `'use cache'` storage: Redis shared by every instance when REDIS_URL is set (docs/decisions/008),
 * Next's built-in per-process memory otherwise. The bypass exists for the benchmarks' uncached runs.
 * The config is read again by `next start`, so the choice is made where the server runs.
 */
function defaultCacheHandler(): string | undefined {
  if (process.env.TALLY_CACHE_BYPASS === '1') return resolve('bench/bypass-cache-handler.mjs');
  // Benchmarks only: another shared handler in place of ours, for the side-by-side rows (bench/peer-pages.mjs).
  const peer = process.env.TALLY_CACHE_PEER;
  if (peer === 'plain' || peer === 'trieb') return resolve(`bench/peer-cache-${peer}.mjs`);
  if (process.env.REDIS_URL || process.env.REDIS_CLUSTER_NODES) return createRequire(resolve('package.json')).resolve('@tally/next-redis-cache/handler');
  return undefined;
}

const cacheHandler = defaultCacheHandler();

const config: NextConfig = {
  cacheComponents: true,
  partialPrefetching: true,
  // Named lifetimes for every cached read; the reasoning is in docs/decisions/003-cache-lifetimes.md.
  cacheLife: {
    tenantData: { stale: 30, revalidate: 15 * 60, expire: 24 * 60 * 60 },
  },
  serverExternalPackages: ['@electric-sql/pglite'],
  ...(cacheHandler ? { cacheHandlers: { default: cacheHandler } } : {}),
};

export default config;
