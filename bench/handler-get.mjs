// Get-hit throughput of one cached entry: Next's built-in in-memory handler, the Redis handler (its
// local layer, and Redis alone), and a raw Redis GET of the same bytes (the floor for anything
// that reads the payload from Redis).
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { Redis } from 'ioredis';
import { createRedisCacheHandler } from '@tally/next-redis-cache';
import { throughput } from './support.mjs';

const require = createRequire(import.meta.url);
const { createDefaultCacheHandler } = require('next/dist/server/lib/cache-handlers/default.js');

const PAYLOAD_BYTES = 16 * 1024;

const entry = (bytes) => ({
  value: new Blob([bytes]).stream(),
  tags: ['org:bench:invoices:list', 'org:bench:all'],
  stale: 30,
  timestamp: Date.now(),
  expire: 86400,
  revalidate: 900,
});
const drain = async (hit) => {
  if (!hit) throw new Error('expected a hit');
  await new Response(hit.value).arrayBuffer();
};

export async function benchHandlerGet({ redisUrl, prefix }) {
  const bytes = new Uint8Array(randomBytes(PAYLOAD_BYTES));
  const softTags = ['_N_T_/layout', '_N_T_/invoices/layout', '_N_T_/invoices'];

  const builtIn = createDefaultCacheHandler(50 * 1024 * 1024);
  await builtIn.set('k', Promise.resolve(entry(bytes)));
  const withLocal = createRedisCacheHandler({ url: redisUrl, prefix, buildId: () => 'bench', log: () => {} });
  await withLocal.set('k', Promise.resolve(entry(bytes)));
  const redisOnly = createRedisCacheHandler({ url: redisUrl, prefix, buildId: () => 'bench', localBytes: 0, log: () => {} });
  const raw = new Redis(redisUrl);
  await raw.set(`${prefix}:raw`, Buffer.from(bytes));

  const results = {
    builtIn: await throughput(async () => drain(await builtIn.get('k', softTags))),
    localLayer: await throughput(async () => drain(await withLocal.get('k', softTags))),
    redisOnly: await throughput(async () => drain(await redisOnly.get('k', softTags))),
    rawGet: await throughput(async () => {
      if (!(await raw.getBuffer(`${prefix}:raw`))) throw new Error('expected bytes');
    }),
  };
  await Promise.all([withLocal.close(), redisOnly.close(), raw.quit()]);
  return { payloadBytes: PAYLOAD_BYTES, ...results };
}
