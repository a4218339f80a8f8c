import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { NextConfig } from 'next';
import { ONE_PASS_RENDER_MARKER, STATIC_SECURITY_HEADERS } from './src/lib/security-headers';

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
  if (process.env.REDIS_URL || process.env.REDIS_CLUSTER_NODES)
    return createRequire(resolve('package.json')).resolve('@tally/next-redis-cache/handler');
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
  // rate-limiter-flexible loads drizzle-orm with a computed import(), which only Node's own loader resolves.
  serverExternalPackages: ['@electric-sql/pglite', 'rate-limiter-flexible'],
  poweredByHeader: false,
  // Documents src/proxy.ts marks render in one pass, without the prerendered shell (docs/decisions/012).
  htmlLimitedBots: new RegExp(ONE_PASS_RENDER_MARKER),
  async headers() {
    return [{ source: '/:path*', headers: STATIC_SECURITY_HEADERS }];
  },
  ...(cacheHandler ? { cacheHandlers: { default: cacheHandler } } : {}),
};

export default config;
