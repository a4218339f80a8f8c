// The handlers the bench compares, each built from a name, so a child process can build the same one.
import { createRedisCacheHandler } from '@tally/next-redis-cache';
import { createPlainHandler } from './plain-handler.mjs';

export const HANDLERS = {
  tally: 'this package (local layer + mirrored tag log)',
  tallyRedisOnly: 'this package, local layer off (every hit from Redis)',
  plain: 'plain GET + tag MGET, no local layer',
  trieb: '@trieb.work/nextjs-turbo-redis-cache 1.18.0',
};

/** @param {keyof typeof HANDLERS} name */
export async function createHandler(name, { url, prefix }) {
  if (name === 'tally' || name === 'tallyRedisOnly') {
    const handler = createRedisCacheHandler({
      url,
      prefix,
      buildId: () => 'bench',
      log: () => {},
      ...(name === 'tallyRedisOnly' ? { localBytes: 0 } : {}),
    });
    // A process that serves requests has read the log: what it computes from now on has a generation.
    await handler.refreshTags();
    return handler;
  }
  if (name === 'plain') return createPlainHandler({ url, prefix });
  // The peer is one handler per process (its README's Cache Components setup), configured before first use.
  const { getRedisCacheComponentsHandler } = await import('@trieb.work/nextjs-turbo-redis-cache');
  const handler = getRedisCacheComponentsHandler({ redisUrl: url, keyPrefix: `${prefix}:trieb:`, database: 0 });
  await handler.refreshTags();
  return Object.assign(handler, { close: async () => {} });
}

export const entry = (bytes, tags) => ({
  value: new Blob([bytes]).stream(),
  tags,
  stale: 30,
  timestamp: performance.timeOrigin + performance.now(),
  expire: 86400,
  revalidate: 900,
});

/** One request as Next makes it: `refreshTags` once, then the lookup. */
export async function requestGet(handler, key, softTags = []) {
  await handler.refreshTags();
  return handler.get(key, softTags);
}

/**
 * The peer logs every dropped subscriber connection with a stack trace; the message-lost sequence
 * drops them on purpose. Returns the function that restores `console.error`.
 */
export function muteSubscriberDrops() {
  const logError = console.error;
  console.error = (first, ...rest) => {
    if (!String(first).startsWith('Subscriber')) logError(first, ...rest);
  };
  return () => (console.error = logError);
}
