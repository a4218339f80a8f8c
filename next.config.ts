import type { NextConfig } from 'next';

const config: NextConfig = {
  cacheComponents: true,
  partialPrefetching: true,
  // Named lifetimes for every cached read; the reasoning is in docs/decisions/003-cache-lifetimes.md.
  cacheLife: {
    tenantData: { stale: 30, revalidate: 15 * 60, expire: 24 * 60 * 60 },
  },
  serverExternalPackages: ['@electric-sql/pglite'],
};

export default config;
