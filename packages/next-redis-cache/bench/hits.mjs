// Hit throughput of one 16 KiB entry (32 reads in flight, one process) for every handler, against
// Next's built-in in-memory handler and a raw Redis GET of the same bytes; and the Redis round trips
// one request costs (refreshTags + one lookup), counted by a TCP proxy in front of Redis.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { Redis } from 'ioredis';
import { redisProxy } from '../test/support/proxy.mjs';
import { createHandler, entry, requestGet } from './handlers.mjs';
import { startInstance } from './instances.mjs';
import { interleavedThroughput } from './measure.mjs';

const require = createRequire(import.meta.url);
const { createDefaultCacheHandler } = require('next/dist/server/lib/cache-handlers/default.js');

const PAYLOAD_BYTES = 16 * 1024;
const TAGS = ['org:bench:invoices:list', 'org:bench:all'];
const SOFT_TAGS = ['_N_T_/layout', '_N_T_/invoices/layout', '_N_T_/invoices'];

// The reply's own buffer, uncopied, as this package's handler hands over a value it read from Redis.
const asStream = (bytes) =>
  new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });

const drain = async (hit) => {
  if (!hit) throw new Error('expected a hit');
  await new Response(hit.value).arrayBuffer();
};

/** Round trips per request on another process, in steady state (after a first request warmed what it keeps). */
async function roundTrips(name, { url, prefix, proxyPort, bytes }) {
  const proxy = redisProxy(new URL(url), proxyPort);
  await proxy.listen();
  const reader = await startInstance(name, { url: proxy.url, prefix });
  try {
    const writer = await createHandler(name, { url, prefix });
    await writer.set('rt', Promise.resolve(entry(bytes, TAGS)));
    if (!(await reader.ask({ type: 'read', key: 'rt' })).hit) throw new Error(`${name}: instance B did not see the entry`);
    const requests = 200;
    const before = proxy.sent;
    await reader.ask({ type: 'reads', key: 'rt', count: requests });
    return (proxy.sent - before) / requests;
  } finally {
    await reader.stop();
    await proxy.cut();
  }
}

export async function benchHits({ url, prefix, proxyPort, names }) {
  const bytes = new Uint8Array(randomBytes(PAYLOAD_BYTES));
  const builtIn = createDefaultCacheHandler(50 * 1024 * 1024);
  await builtIn.set('k', Promise.resolve(entry(bytes, TAGS)));
  const raw = new Redis(url);
  await raw.set(`${prefix}:raw`, Buffer.from(bytes));
  const rawBytes = async () => {
    const value = await raw.getBuffer(`${prefix}:raw`);
    if (!value) throw new Error('expected bytes');
    return value;
  };
  const handlers = {};
  for (const name of names) {
    handlers[name] = await createHandler(name, { url, prefix });
    await handlers[name].set('k', Promise.resolve(entry(bytes, TAGS)));
    await drain(await requestGet(handlers[name], 'k', SOFT_TAGS));
  }
  const getsPerSecond = await interleavedThroughput({
    builtIn: async () => drain(await builtIn.get('k', SOFT_TAGS)),
    rawGet: rawBytes,
    // What a handler must do with the same GET: hand Next a ReadableStream, which Next drains.
    rawGetAsEntry: async () => drain({ value: asStream(await rawBytes()) }),
    ...Object.fromEntries(
      Object.entries(handlers).map(([name, handler]) => [name, async () => drain(await handler.get('k', SOFT_TAGS))]),
    ),
  });
  const rows = [
    { name: 'builtIn', getsPerSecond: getsPerSecond.builtIn, roundTrips: 0 },
    { name: 'rawGet', getsPerSecond: getsPerSecond.rawGet, roundTrips: 1 },
    { name: 'rawGetAsEntry', getsPerSecond: getsPerSecond.rawGetAsEntry, roundTrips: 1 },
  ];
  for (const name of names)
    rows.push({
      name,
      getsPerSecond: getsPerSecond[name],
      roundTrips: await roundTrips(name, { url, prefix, proxyPort, bytes }),
    });
  await Promise.all(Object.values(handlers).map((handler) => handler.close?.()));
  await raw.quit();
  return { payloadBytes: PAYLOAD_BYTES, rows };
}
