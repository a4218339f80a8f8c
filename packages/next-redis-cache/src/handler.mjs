// @ts-check
/**
 * The module `cacheHandlers.default` points at, configured from the environment (see the README):
 * REDIS_URL (one node) or REDIS_CLUSTER_NODES (host:port,host:port,… seeds of a Redis Cluster).
 *
 * Next imports this file with a plain dynamic `import()` at run time, outside its bundles: no
 * TypeScript, no `@/` paths, and no `react-server` condition, so `import 'server-only'` would throw
 * here. That is why the handler is JavaScript checked by TypeScript (`@ts-check`) and imports
 * neither `server-only` nor anything from `src/server`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRedisCacheHandler } from './create-handler.mjs';

const HANDLER = Symbol.for('tally.redis-cache-handler');

/** `next build` imports the handler too: it must not connect, so every read misses and nothing is stored. */
/** @type {import('next/cache').CacheHandler} */
const buildTimeHandler = {
  get: async () => undefined,
  set: async () => {},
  refreshTags: async () => {},
  getExpiration: async () => 0,
  updateTags: async () => {},
};

function fromEnvironment() {
  if (process.env.NEXT_PHASE === 'phase-production-build') return buildTimeHandler;
  const url = process.env.REDIS_URL;
  const clusterNodes = process.env.REDIS_CLUSTER_NODES?.split(',')
    .map((node) => node.trim())
    .filter(Boolean);
  if (!url && !clusterNodes?.length) throw new Error('The Redis cache handler needs REDIS_URL or REDIS_CLUSTER_NODES.');
  const localMegabytes = Number(process.env.TALLY_CACHE_LOCAL_MB ?? 64);
  return createRedisCacheHandler({
    ...(clusterNodes?.length ? { clusterNodes } : { url }),
    logEntries: Number(process.env.TALLY_CACHE_LOG_ENTRIES ?? 10_000),
    prefix: process.env.TALLY_CACHE_PREFIX || 'tally',
    buildId: () => process.env.NEXT_DEPLOYMENT_ID || readFileSync(join(process.cwd(), '.next', 'BUILD_ID'), 'utf8').trim(),
    localBytes: localMegabytes * 1024 * 1024,
  });
}

// One handler per process, however many module scopes load this file.
const holder = /** @type {Record<symbol, import('next/cache').CacheHandler | undefined>} */ (/** @type {unknown} */ (globalThis));
const handler = (holder[HANDLER] ??= fromEnvironment());

export default handler;
