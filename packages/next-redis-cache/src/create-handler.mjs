// @ts-check
import { randomBytes } from 'node:crypto';
import { createConnection } from './connection.mjs';
import { createKeys } from './keys.mjs';
import { createLocalLayer } from './local-layer.mjs';
import { VERDICTS } from './scripts.mjs';
import { createSingleFlight } from './single-flight.mjs';
import { createStats } from './stats.mjs';

/**
 * @typedef {import('next/cache').CacheEntry} CacheEntry
 * @typedef {import('next/cache').CacheHandler} CacheHandler
 * @typedef {import('./local-layer.mjs').EntryMeta} EntryMeta
 * @typedef {import('./local-layer.mjs').LocalEntry} LocalEntry
 * @typedef {import('./scripts.mjs').ScriptedRedis} Redis
 * @typedef {{
 *   url: string,
 *   prefix: string,
 *   buildId: () => string,
 *   localBytes?: number,
 *   maxEntryBytes?: number,
 *   maxEntrySeconds?: number,
 *   lockMs?: number,
 *   waitMs?: number,
 *   recheckMs?: number,
 *   log?: (message: string) => void,
 * }} HandlerOptions
 */

const DAY_SECONDS = 24 * 60 * 60;

/**
 * Next's `'use cache'` handler interface over Redis, with a local layer, per-tag state and
 * cross-process single-flight. See docs/decisions/008-redis-cache-handler.md.
 * @param {HandlerOptions} options
 */
export function createRedisCacheHandler(options) {
  const {
    localBytes = 64 * 1024 * 1024,
    maxEntryBytes = 8 * 1024 * 1024,
    maxEntrySeconds = 30 * DAY_SECONDS,
    log = (/** @type {string} */ message) => console.warn(message),
  } = options;
  /** @type {import('./keys.mjs').Keys | undefined} */
  let resolvedKeys;
  // The build id is read on first use: the handler module is imported before it may exist.
  const keys = () => (resolvedKeys ??= createKeys(options.prefix, options.buildId()));
  const stats = createStats();
  const local = createLocalLayer(localBytes);
  const singleFlight = createSingleFlight({
    lockMs: options.lockMs ?? 5000,
    waitMs: options.waitMs ?? 3000,
    recheckMs: options.recheckMs ?? 250,
  });
  /** @type {Map<string, Promise<void>>} */
  const pendingSets = new Map();
  /** Locks this process holds, with the soft tags of the miss that took them (for the fence at `set`). */
  /** @type {Map<string, { token: string, softTags: string[] }>} */
  const heldLocks = new Map();
  /** Tags whose invalidation could not reach Redis; expired as soon as it answers again. */
  /** @type {Set<string>} */
  const failedInvalidations = new Set();
  const warnedOversized = new Set();

  const connection = createConnection({
    url: options.url,
    channels: () => [keys().invalidationChannel, keys().fillChannel],
    onMessage(channel, message) {
      if (channel === keys().invalidationChannel) local.dropTags(JSON.parse(message));
      else singleFlight.filled(message);
    },
    onRecovered() {
      local.clear();
      void replayFailedInvalidations();
    },
    log,
  });

  /** @param {unknown} error */
  function failed(error) {
    stats.errors += 1;
    connection.reportError(error);
  }

  /** @param {number} expiredAt */
  function tagTtlMs(expiredAt) {
    return Math.max(0, expiredAt - Date.now()) + (maxEntrySeconds + 60) * 1000;
  }

  /** @param {number} expireSeconds */
  function entryTtlMs(expireSeconds) {
    const seconds = Math.max(1, Math.min(expireSeconds, maxEntrySeconds));
    // Jitter spreads the expiry of entries written together, so they are not all recomputed at once.
    return Math.round(seconds * 1000 * (1 + Math.random() * 0.05));
  }

  /**
   * @param {Redis} redis
   * @param {string[]} tags
   * @param {{ expire?: number } | undefined} durations
   * @param {number} now
   */
  async function writeTagState(redis, tags, durations, now) {
    const expiredAt = durations ? (durations.expire === undefined ? undefined : now + durations.expire * 1000) : now;
    await redis.updateTags(
      tags.length,
      ...tags.map(keys().tag),
      String(now),
      durations && expiredAt !== undefined ? String(expiredAt) : '',
      durations ? 'stale' : 'expire',
      String(tagTtlMs(expiredAt ?? now)),
      keys().invalidationChannel,
      JSON.stringify(tags),
    );
  }

  async function replayFailedInvalidations() {
    if (failedInvalidations.size === 0) return;
    const tags = [...failedInvalidations];
    try {
      const redis = await connection.client();
      if (!redis) return;
      await writeTagState(redis, tags, undefined, Date.now());
      tags.forEach((tag) => failedInvalidations.delete(tag));
    } catch (error) {
      failed(error);
    }
  }

  /**
   * @param {EntryMeta} meta @param {Uint8Array} value @param {'fresh' | 'stale'} verdict
   * @returns {CacheEntry}
   */
  function toCacheEntry(meta, value, verdict) {
    return {
      ...meta,
      revalidate: verdict === 'stale' ? -1 : meta.revalidate,
      value: new ReadableStream({
        start(controller) {
          controller.enqueue(value);
          controller.close();
        },
      }),
    };
  }

  /**
   * Confirms a local entry in one round trip: the version in Redis and its tags' state.
   * @param {Redis} redis @param {string} cacheKey @param {LocalEntry} entry @param {string[]} softTags
   */
  async function confirmLocal(redis, cacheKey, entry, softTags) {
    const tagKeys = [...entry.meta.tags, ...softTags].map(keys().tag);
    const verdict = await redis.checkLocal(1 + tagKeys.length, keys().entry(cacheKey), ...tagKeys, entry.version, String(entry.meta.timestamp), String(Date.now()));
    return VERDICTS[verdict] ?? 'replaced';
  }

  /**
   * Reads an entry from Redis, then judges it against its own tags and the soft tags: two round trips.
   * @param {Redis} redis @param {string} cacheKey @param {string[]} softTags
   * @returns {Promise<{ entry: LocalEntry, verdict: 'fresh' | 'stale' | 'expired' } | undefined>}
   */
  async function readRemote(redis, cacheKey, softTags) {
    const [meta, value, version] = await redis.hmgetBuffer(keys().entry(cacheKey), 'meta', 'value', 'version');
    if (!meta || !value || !version) return undefined;
    /** @type {EntryMeta} */
    const parsedMeta = JSON.parse(meta.toString());
    const tagKeys = [...parsedMeta.tags, ...softTags].map(keys().tag);
    const verdict = tagKeys.length === 0 ? 0 : await redis.judgeTags(tagKeys.length, ...tagKeys, String(parsedMeta.timestamp), String(Date.now()));
    const entry = { meta: parsedMeta, value: new Uint8Array(value), version: version.toString() };
    return { entry, verdict: verdict === 1 ? 'stale' : verdict === 2 ? 'expired' : 'fresh' };
  }

  /**
   * A miss: take the single-flight lock and let Next compute, or wait for the process that holds it.
   * @param {Redis} redis @param {string} cacheKey @param {string[]} softTags
   * @returns {Promise<CacheEntry | undefined>}
   */
  async function missOrWait(redis, cacheKey, softTags) {
    const result = await singleFlight.lockOrWait({
      entryKey: keys().entry(cacheKey),
      tryLock: () => singleFlight.tryLock(redis, keys().lock(cacheKey)),
      release: (token) => releaseLock(redis, cacheKey, token),
      lookup: async () => {
        const found = await readRemote(redis, cacheKey, softTags);
        return found && found.verdict !== 'expired' ? { entry: found.entry, verdict: found.verdict } : undefined;
      },
    });
    if ('token' in result) {
      if (result.waited) stats.singleFlightWaits += 1;
      stats.misses += 1;
      heldLocks.set(cacheKey, { token: result.token, softTags });
      // A compute that never reaches `set` (it threw) must not pin the record; the lock itself expires in Redis.
      setTimeout(() => {
        if (heldLocks.get(cacheKey)?.token === result.token) heldLocks.delete(cacheKey);
      }, singleFlight.lockMs).unref();
      return undefined;
    }
    stats.singleFlightWaits += 1;
    if ('timedOut' in result) {
      stats.misses += 1;
      return undefined;
    }
    return serve(cacheKey, result.entry.entry, result.entry.verdict);
  }

  /**
   * @param {string} cacheKey @param {LocalEntry} entry @param {'fresh' | 'stale'} verdict
   */
  function serve(cacheKey, entry, verdict) {
    if (verdict === 'stale') stats.stale += 1;
    else stats.redisHits += 1;
    local.set(cacheKey, entry);
    return toCacheEntry(entry.meta, entry.value, verdict);
  }

  /** @param {Redis} redis @param {string} cacheKey @param {string} token */
  async function releaseLock(redis, cacheKey, token) {
    await redis.releaseLock(1, keys().lock(cacheKey), token, keys().fillChannel, keys().entry(cacheKey));
  }

  /** @type {CacheHandler & { stats(): typeof stats & { localEntries: number, localBytes: number, redisHealthy: boolean }, close(): Promise<void> }} */
  const handler = {
    async get(cacheKey, softTags) {
      try {
        await pendingSets.get(cacheKey);
        const redis = await connection.client();
        if (!redis) {
          stats.misses += 1;
          return undefined;
        }
        const cached = local.get(cacheKey);
        if (cached) {
          const verdict = await confirmLocal(redis, cacheKey, cached, softTags);
          connection.reportSuccess();
          if (verdict === 'fresh') {
            stats.localHits += 1;
            return toCacheEntry(cached.meta, cached.value, 'fresh');
          }
          local.delete(cacheKey);
          if (verdict === 'stale') {
            stats.stale += 1;
            return toCacheEntry(cached.meta, cached.value, 'stale');
          }
          if (verdict === 'expired') return await missOrWait(redis, cacheKey, softTags);
        }
        const found = await readRemote(redis, cacheKey, softTags);
        connection.reportSuccess();
        if (!found || found.verdict === 'expired') return await missOrWait(redis, cacheKey, softTags);
        return serve(cacheKey, found.entry, found.verdict);
      } catch (error) {
        failed(error);
        stats.misses += 1;
        return undefined;
      }
    },

    async set(cacheKey, pendingEntry) {
      /** @type {() => void} */
      let settle = () => {};
      pendingSets.set(cacheKey, new Promise((resolve) => (settle = () => resolve(undefined))));
      const lock = heldLocks.get(cacheKey);
      heldLocks.delete(cacheKey);
      let lockReleased = false;
      try {
        const entry = await pendingEntry;
        // An `expire: 0` entry is dynamic: Next regenerates it on every read, so storing it is waste.
        if (entry.expire === 0) return;
        const value = new Uint8Array(await new Response(entry.value).arrayBuffer());
        if (value.byteLength > maxEntryBytes) {
          if (!warnedOversized.has(cacheKey)) log(`[tally] cache entry of ${value.byteLength} bytes exceeds ${maxEntryBytes}; not cached.`);
          warnedOversized.add(cacheKey);
          return;
        }
        const redis = await connection.client();
        if (!redis) return;
        const { value: _stream, ...meta } = entry;
        const tags = [...new Set([...meta.tags, ...(lock?.softTags ?? [])])];
        const version = randomBytes(9).toString('base64url');
        const stored = await redis.storeUnlessFenced(
          2 + tags.length,
          keys().entry(cacheKey),
          keys().lock(cacheKey),
          ...tags.map(keys().tag),
          String(meta.timestamp),
          String(Date.now()),
          String(entryTtlMs(meta.expire)),
          JSON.stringify(meta),
          Buffer.from(value.buffer, value.byteOffset, value.byteLength),
          version,
          lock?.token ?? '',
          keys().fillChannel,
          keys().entry(cacheKey),
        );
        lockReleased = true;
        connection.reportSuccess();
        if (stored === 1) local.set(cacheKey, { meta, value, version });
        else local.delete(cacheKey);
      } catch (error) {
        failed(error);
      } finally {
        if (lock && !lockReleased) {
          const redis = await connection.client().catch(() => null);
          if (redis) await releaseLock(redis, cacheKey, lock.token).catch(failed);
        }
        settle();
        pendingSets.delete(cacheKey);
      }
    },

    async refreshTags() {
      // Tag state is read from Redis on every get, entry by entry, so there is no manifest to refresh.
    },

    async getExpiration() {
      // Infinity: soft tags are checked in `get`, against the same per-tag state as explicit tags.
      return Infinity;
    },

    async updateTags(tags, durations) {
      if (tags.length === 0) return;
      local.dropTags(tags);
      try {
        const redis = await connection.client();
        if (!redis) throw new Error('Redis is unreachable');
        await writeTagState(redis, tags, durations, Date.now());
        connection.reportSuccess();
      } catch (error) {
        tags.forEach((tag) => failedInvalidations.add(tag));
        failed(error);
      }
    },

    stats: () => ({ ...stats, localEntries: local.size, localBytes: local.bytes, redisHealthy: connection.healthy }),
    close: () => connection.close(),
  };
  return handler;
}
