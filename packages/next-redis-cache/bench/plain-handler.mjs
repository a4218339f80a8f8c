// The simplest shared handler, as a baseline: every read is one GET of the entry plus one MGET of its
// tags' invalidation times (no local layer, no log); an invalidation writes the time now.
import { Redis } from 'ioredis';

const stream = (bytes) =>
  new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });

export function createPlainHandler({ url, prefix }) {
  const redis = new Redis(url);
  const entryKey = (key) => `${prefix}:plain:entry:${key}`;
  const tagKey = (tag) => `${prefix}:plain:tag:${tag}`;
  return {
    async get(cacheKey, softTags) {
      const stored = await redis.getBuffer(entryKey(cacheKey));
      if (!stored) return undefined;
      const metaBytes = stored.readUInt32BE(0);
      const meta = JSON.parse(stored.subarray(4, 4 + metaBytes).toString());
      const tags = [...meta.tags, ...softTags];
      if (tags.length > 0) {
        const times = await redis.mget(...tags.map(tagKey));
        if (times.some((time) => time !== null && Number(time) >= meta.timestamp)) return undefined;
      }
      return { ...meta, value: stream(new Uint8Array(stored.subarray(4 + metaBytes))) };
    },
    async set(cacheKey, pending) {
      const { value, ...meta } = await pending;
      const bytes = Buffer.from(await new Response(value).arrayBuffer());
      const metaJson = Buffer.from(JSON.stringify(meta));
      const length = Buffer.alloc(4);
      length.writeUInt32BE(metaJson.length);
      await redis.set(
        entryKey(cacheKey),
        Buffer.concat([length, metaJson, bytes]),
        'EX',
        Math.max(1, Math.min(meta.expire, 30 * 86400)),
      );
    },
    refreshTags: async () => {},
    getExpiration: async () => Infinity,
    async updateTags(tags) {
      if (tags.length === 0) return;
      const now = String(performance.timeOrigin + performance.now());
      await redis.mset(...tags.flatMap((tag) => [tagKey(tag), now]));
    },
    close: async () => void redis.disconnect(),
  };
}
