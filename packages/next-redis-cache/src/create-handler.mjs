// @ts-check
import { randomBytes } from 'node:crypto';
import { coalesceReads } from './coalesce.mjs';
import { createConnection } from './connection.mjs';
import { createKeys } from './keys.mjs';
import { createLocalLayer } from './local-layer.mjs';
import { createSingleFlight } from './single-flight.mjs';
import { createStats } from './stats.mjs';
import { createTagMirror } from './tag-mirror.mjs';

/**
 * @typedef {import('next/cache').CacheEntry} CacheEntry
 * @typedef {import('next/cache').CacheHandler} CacheHandler
 * @typedef {import('./local-layer.mjs').EntryMeta} EntryMeta
 * @typedef {import('./local-layer.mjs').LocalEntry} LocalEntry
 * @typedef {import('./tag-mirror.mjs').Verdict} Verdict
 * @typedef {import('./scripts.mjs').ScriptedRedis} Redis
 * @typedef {{
 *   url?: string,
 *   clusterNodes?: string[],
 *   prefix: string,
 *   buildId: () => string,
 *   localBytes?: number,
 *   maxEntryBytes?: number,
 *   maxEntrySeconds?: number,
 *   logEntries?: number,
 *   lockMs?: number,
 *   waitMs?: number,
 *   recheckMs?: number,
 *   log?: (message: string) => void,
 * }} HandlerOptions
 */

const DAY_SECONDS = 24 * 60 * 60;
/** Past this many tags the mirror forgets those only trimmed events mention (tag-mirror.mjs `compact`). */
const MAX_MIRRORED_TAGS = 100_000;
const localNow = () => performance.timeOrigin + performance.now();
const newEpoch = () => randomBytes(9).toString('base64url');

/**
 * Next's `'use cache'` handler interface over Redis: a local layer judged against an in-process
 * mirror of the global invalidation log (read once per request, in `refreshTags`), entries in Redis,
 * and cross-process single-flight. The protocol and why it is correct: the package README.
 * @param {HandlerOptions} options
 */
export function createRedisCacheHandler(options) {
  const {
    localBytes = 64 * 1024 * 1024,
    maxEntryBytes = 8 * 1024 * 1024,
    maxEntrySeconds = 30 * DAY_SECONDS,
    logEntries = 10_000,
    log = (/** @type {string} */ message) => console.warn(message),
  } = options;
  if (!options.url && !options.clusterNodes?.length) throw new Error('The Redis cache handler needs a url or clusterNodes.');
  /** @type {import('./keys.mjs').Keys | undefined} */
  let resolvedKeys;
  // The build id is read on first use: the handler module is imported before it may exist.
  const keys = () => (resolvedKeys ??= createKeys(options.prefix, options.buildId()));
  const stats = createStats();
  const local = createLocalLayer(localBytes);
  const mirror = createTagMirror({ now: localNow });
  const singleFlight = createSingleFlight({
    lockMs: options.lockMs ?? 5000,
    waitMs: options.waitMs ?? 3000,
    recheckMs: options.recheckMs ?? 250,
  });
  /** @type {Map<string, Promise<void>>} */
  const pendingSets = new Map();
  /** Locks this process holds, with the soft tags of the miss that took them (stored with the entry). */
  /** @type {Map<string, { token: string, softTags: string[] }>} */
  const heldLocks = new Map();
  const warnedOversized = new Set();
  /** False while the mirror cannot be trusted: every read misses until a read of the log succeeds. */
  let mirrorCurrent = false;

  const connection = createConnection({
    url: options.url,
    clusterNodes: options.clusterNodes,
    channels: () => [keys().invalidationChannel, keys().fillChannel],
    onMessage(channel, message) {
      if (channel === keys().invalidationChannel) applyHint(message);
      else singleFlight.filled(message);
    },
    onRecovered() {
      // Redis may have restarted, failed over or been restored: re-read the whole log before trusting it.
      mirrorCurrent = false;
      mirror.invalidate();
      local.clear();
      void replayUnrecorded();
    },
    log,
  });

  /** @param {unknown} error */
  function failed(error) {
    stats.errors += 1;
    connection.reportError(error);
  }

  /**
   * A pub/sub hint: applied early (it can only expire entries sooner); the log stays the authority.
   * Local copies of expired tags stay where they are: the next read judges them expired against the
   * mirror and goes straight to the single-flight lock, where dropping them would first cost a read of
   * Redis. Copies of tags marked stale are dropped: the next read looks in Redis, where another process
   * may already have stored the refreshed entry, instead of serving its own old copy once more.
   * @param {string} message
   */
  function applyHint(message) {
    const [seq, mode, ...rest] = message.split(' ');
    /** @type {unknown} */
    let tags;
    try {
      tags = JSON.parse(rest.join(' '));
    } catch {
      return;
    }
    if (!Array.isArray(tags) || !Number.isFinite(Number(seq))) return;
    const expired = mode === 'expire';
    mirror.apply({ seq: Number(seq), tags, mode: expired ? 'expire' : 'stale' });
    if (!expired) local.dropTags(tags);
  }

  /** @param {number} expireSeconds */
  function entryTtlMs(expireSeconds) {
    const seconds = Math.max(1, Math.min(expireSeconds, maxEntrySeconds));
    // Jitter spreads the expiry of entries written together, so they are not all recomputed at once.
    return Math.round(seconds * 1000 * (1 + Math.random() * 0.05));
  }

  /**
   * One round trip: everything in the log after this process's position, applied to the mirror.
   * A reset (trimmed past us, another epoch, counter rewound) also drops the local layer.
   */
  async function readLog() {
    stats.refreshRoundTrips += 1;
    const redis = await connection.client();
    if (!redis) throw new Error('Redis is unreachable');
    const log = keys().log;
    const [epoch, current, reset, floor, seconds, micros, entries] = await redis.readLog(
      3,
      log.stream,
      log.seq,
      log.epoch,
      String(mirror.readFrom),
      mirror.epoch,
      newEpoch(),
    );
    const receivedAt = localNow();
    const redisNow = Number(seconds) * 1000 + Number(micros) / 1000;
    if (reset === 1) {
      if (mirror.epoch) stats.mirrorResets += 1;
      mirror.reset(epoch, Number(floor));
      local.clear();
    }
    for (const [id, fields] of /** @type {[string, string[]][]} */ (entries)) {
      const field = (/** @type {string} */ name) => fields[fields.indexOf(name) + 1] ?? '';
      const expiredAt = field('x');
      mirror.apply({
        seq: Number.parseInt(id, 10),
        tags: JSON.parse(field('t')),
        mode: field('m') === 'expire' ? 'expire' : 'stale',
        // Redis's clock, turned into this process's clock at the moment of the read: skew never matters.
        expiresAtLocal: expiredAt ? Number(expiredAt) - redisNow + receivedAt : undefined,
      });
      const lag = Math.max(0, redisNow - Number(field('a')));
      stats.invalidationsApplied += 1;
      stats.propagationLagMsSum += lag;
      stats.propagationLagMsMax = Math.max(stats.propagationLagMsMax, lag);
    }
    mirror.advance(Number(current));
    mirror.compact(Number(floor), MAX_MIRRORED_TAGS);
    connection.reportSuccess();
  }
  const refresh = coalesceReads(readLog);

  async function refreshMirror() {
    try {
      await refresh();
      mirrorCurrent = true;
    } catch (error) {
      mirrorCurrent = false;
      failed(error);
    }
  }

  /**
   * @param {Redis} redis
   * @param {string[]} tags
   * @param {{ expire?: number } | undefined} durations
   */
  async function appendLog(redis, tags, durations) {
    const sentAt = localNow();
    const mode = durations ? 'stale' : 'expire';
    const expireMs = durations?.expire === undefined ? '' : String(Math.round(durations.expire * 1000));
    const log = keys().log;
    const [seq] = await redis.appendLog(
      3,
      log.stream,
      log.seq,
      log.epoch,
      JSON.stringify(tags),
      mode,
      expireMs,
      String(logEntries),
      newEpoch(),
      keys().invalidationChannel,
    );
    // This process reads its own write at once, before the next read of the log brings it in order.
    // The deadline is counted from the send, so it can only come early.
    mirror.apply({ seq: Number(seq), tags, mode, expiresAtLocal: expireMs === '' ? undefined : sentAt + Number(expireMs) });
    // With no other write in between, the log up to this one is known: what this process computes
    // next is fresh with respect to it (the redirect render of the action that wrote).
    if (mirror.readFrom >= 0 && Number(seq) === mirror.position + 1) mirror.advance(Number(seq));
  }

  async function replayUnrecorded() {
    const tags = mirror.unrecorded;
    if (tags.length === 0) return;
    try {
      const redis = await connection.client();
      if (!redis) return;
      await appendLog(redis, tags, undefined);
      mirror.recorded(tags);
    } catch (error) {
      failed(error);
    }
  }

  /**
   * @param {EntryMeta} meta @param {Uint8Array} value @param {Verdict} verdict
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

  /** @param {LocalEntry} entry @param {string[]} softTags */
  const judge = (entry, softTags) => mirror.judge(entry.seq, entry.meta.tags, softTags);

  /**
   * Reads an entry from Redis (one round trip). The value is the reply's own buffer, not a copy:
   * only an entry kept in the local layer is copied (serveRemote).
   * @param {Redis} redis @param {string} cacheKey
   * @returns {Promise<LocalEntry | undefined>}
   */
  async function readRemote(redis, cacheKey) {
    const [meta, value, seq] = await redis.hmgetBuffer(keys().entry(cacheKey), 'meta', 'value', 'seq');
    if (!meta || !value || !seq) return undefined;
    return { meta: JSON.parse(meta.toString()), value, seq: Number(seq) };
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
        const found = await readRemote(redis, cacheKey);
        return found && judge(found, softTags) !== 'expired' ? found : undefined;
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
      stats.singleFlightTimeouts += 1;
      stats.misses += 1;
      return undefined;
    }
    const served = serveRemote(cacheKey, result.entry, softTags);
    if (!served) {
      stats.redisMisses += 1;
      stats.misses += 1;
    }
    return served;
  }

  /**
   * Serves an entry read from Redis, judged when its read returns: an invalidation may have reached
   * the mirror while the read was in flight, and an answer must reflect every invalidation this
   * process knows when it returns (Next lets later requests join a pending lookup for the same key).
   * Undefined when the entry is expired.
   * @param {string} cacheKey @param {LocalEntry} entry @param {string[]} softTags
   * @returns {CacheEntry | undefined}
   */
  function serveRemote(cacheKey, entry, softTags) {
    const verdict = judge(entry, softTags);
    if (verdict === 'expired') return undefined;
    if (verdict === 'stale') {
      stats.stale += 1;
      stats.redisStale += 1;
    } else stats.redisHits += 1;
    // A reply's buffer may share memory with the rest of the socket's data: a kept copy owns its bytes.
    if (local.admits(entry.value.byteLength)) local.set(cacheKey, { ...entry, value: new Uint8Array(entry.value) });
    return toCacheEntry(entry.meta, entry.value, verdict);
  }

  /** @param {Redis} redis @param {string} cacheKey @param {string} token */
  async function releaseLock(redis, cacheKey, token) {
    await redis.releaseLock(1, keys().lock(cacheKey), token, keys().fillChannel, keys().entry(cacheKey));
  }

  /**
   * @typedef {typeof stats & { localEntries: number, localBytes: number, redisHealthy: boolean, outage: boolean, logPosition: number, mirroredTags: number }} HandlerStats
   * @type {CacheHandler & { stats(): HandlerStats, close(): Promise<void> }}
   */
  const handler = {
    async get(cacheKey, softTags) {
      try {
        const pendingSet = pendingSets.get(cacheKey);
        if (pendingSet) await pendingSet;
        // Outside Next (scripts, tests) nothing may have read the log yet.
        if (!mirrorCurrent) await refreshMirror();
        const redis = connection.readyClient() ?? (await connection.client());
        if (!redis || !mirrorCurrent) {
          stats.misses += 1;
          return undefined;
        }
        const cached = local.get(cacheKey);
        // Redis drops an entry after `expire` (its TTL); a local copy must not outlive it.
        if (cached && localNow() > cached.meta.timestamp + Math.min(cached.meta.expire, maxEntrySeconds) * 1000)
          local.delete(cacheKey);
        else if (cached) {
          const verdict = judge(cached, softTags);
          if (verdict === 'fresh') {
            stats.localHits += 1;
            return toCacheEntry(cached.meta, cached.value, 'fresh');
          }
          local.delete(cacheKey);
          if (verdict === 'stale') {
            stats.stale += 1;
            stats.localStale += 1;
            return toCacheEntry(cached.meta, cached.value, 'stale');
          }
          stats.localExpired += 1;
          return await missOrWait(redis, cacheKey, softTags);
        }
        stats.localMisses += 1;
        const found = await readRemote(redis, cacheKey);
        connection.reportSuccess();
        const served = found && serveRemote(cacheKey, found, softTags);
        if (served) return served;
        stats.redisMisses += 1;
        return await missOrWait(redis, cacheKey, softTags);
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
          if (!warnedOversized.has(cacheKey))
            log(`[next-redis-cache] cache entry of ${value.byteLength} bytes exceeds ${maxEntryBytes}; not cached.`);
          warnedOversized.add(cacheKey);
          return;
        }
        const redis = await connection.client();
        if (!redis) return;
        const { value: _stream, ...entryMeta } = entry;
        // The soft tags of the miss that took the lock are stored as the entry's own tags: a later
        // read may come with other soft tags (another route) and must still see these invalidated.
        const meta = { ...entryMeta, tags: [...new Set([...entryMeta.tags, ...(lock?.softTags ?? [])])] };
        // The generation: where this process was in the log when the computation began.
        const seq = mirror.positionAt(meta.timestamp);
        const stored = { meta, value, seq };
        if (judge(stored, []) === 'expired') return;
        const written = await redis.storeUnlessFenced(
          2,
          keys().entry(cacheKey),
          keys().lock(cacheKey),
          String(seq),
          String(entryTtlMs(meta.expire)),
          JSON.stringify(meta),
          Buffer.from(value.buffer, value.byteOffset, value.byteLength),
          lock?.token ?? '',
          keys().fillChannel,
          keys().entry(cacheKey),
        );
        lockReleased = true;
        connection.reportSuccess();
        if (written === 1) local.set(cacheKey, stored);
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
      // Next awaits this once per request before the request's first `get`: the only freshness round trip.
      stats.refreshCalls += 1;
      await refreshMirror();
    },

    async getExpiration() {
      // Infinity: soft tags are judged in `get`, against the same mirror as explicit tags.
      return Infinity;
    },

    async updateTags(tags, durations) {
      if (tags.length === 0) return;
      stats.updateTagsCalls += 1;
      local.dropTags(tags);
      try {
        const redis = await connection.client();
        if (!redis) throw new Error('Redis is unreachable');
        await appendLog(redis, tags, durations);
        connection.reportSuccess();
      } catch (error) {
        // Until Redis records it, this process treats the tags as expired for every entry.
        stats.updateTagsFailures += 1;
        mirror.markUnrecorded(tags);
        failed(error);
      }
    },

    stats: () => ({
      ...stats,
      localEntries: local.size,
      localBytes: local.bytes,
      redisHealthy: connection.healthy,
      outage: !connection.healthy,
      logPosition: mirror.position,
      mirroredTags: mirror.size,
    }),
    close: () => connection.close(),
  };
  return handler;
}
