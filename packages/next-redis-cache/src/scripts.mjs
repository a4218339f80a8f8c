// @ts-check
/**
 * The Lua scripts, so each multi-key step is atomic inside Redis and costs one round trip. They run
 * as EVALSHA commands defined on the connection (`withScripts`). Each script's keys share one hash
 * slot (see keys.mjs), so they run unchanged on Redis Cluster.
 */

/**
 * Appends one invalidation to the global log: the next sequence number, the tags, the mode and
 * Redis's own clock (never an instance's), in a capped stream. O(tags), never a scan. The sequence
 * continues after the stream's last entry even if the counter was lost, so stream ids stay ordered.
 * KEYS: stream, seq, epoch. ARGV: tags (JSON), mode ('expire' | 'stale'), expire in ms ('' = none),
 * cap, a new epoch (used only when none exists), channel.
 * Returns { seq, Redis time in ms }.
 */
const APPEND_LOG = `
if not redis.call('GET', KEYS[3]) then redis.call('SET', KEYS[3], ARGV[5]) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local seq = redis.call('INCR', KEYS[2])
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if #last > 0 then
  local lastSeq = tonumber(string.match(last[1][1], '^(%d+)'))
  if lastSeq >= seq then
    seq = lastSeq + 1
    redis.call('SET', KEYS[2], seq)
  end
end
local expiredAt = ''
if ARGV[3] ~= '' then expiredAt = string.format('%.0f', now + tonumber(ARGV[3])) end
local id = string.format('%.0f', seq)
local at = string.format('%.0f', now)
redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[4], id .. '-0', 't', ARGV[1], 'm', ARGV[2], 'a', at, 'x', expiredAt)
redis.call('PUBLISH', ARGV[6], id .. ' ' .. ARGV[2] .. ' ' .. ARGV[1])
return { id, at }`;

/**
 * Reads the log after the caller's position, in one round trip. A full read (from the oldest entry
 * kept) replaces it, with `reset` = 1, when the caller cannot continue: it asks for one (-1), Redis
 * has another epoch (it restarted empty, or was flushed), the counter went back, or entries after
 * the caller's position were trimmed away.
 * KEYS: stream, seq, epoch. ARGV: position, the caller's epoch, a new epoch (used only when none exists).
 * Returns { epoch, current seq, reset, floor (last seq no longer kept), Redis seconds, microseconds, entries }.
 */
const READ_LOG = `
local epoch = redis.call('GET', KEYS[3])
if not epoch then
  epoch = ARGV[3]
  redis.call('SET', KEYS[3], epoch)
end
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
local head = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
local oldest = current + 1
if #head > 0 then oldest = tonumber(string.match(head[1][1], '^(%d+)')) end
local from = tonumber(ARGV[1])
local reset = 0
if from < 0 or epoch ~= ARGV[2] or from > current or (from < current and from + 1 < oldest) then
  reset = 1
  from = oldest - 1
end
local entries = {}
if from < current then entries = redis.call('XRANGE', KEYS[1], string.format('%.0f', from + 1) .. '-0', '+') end
local t = redis.call('TIME')
return { epoch, string.format('%.0f', current), reset, string.format('%.0f', oldest - 1), t[1], t[2], entries }`;

/**
 * Stores an entry unless a newer generation is already stored, then releases the single-flight lock
 * if this caller owns it and wakes the waiters. An entry's generation is the log position its
 * computation began at: a slow compute that began before an invalidation must not replace the
 * result of one that began after it. (Readers judge every entry against the log anyway; the fence
 * only avoids replacing a good entry with one that would miss.)
 * KEYS: entry, lock. ARGV: seq, ttlMs, meta, value, lockToken, channel, message.
 */
const STORE_UNLESS_FENCED = `
local stored = 1
local current = tonumber(redis.call('HGET', KEYS[1], 'seq'))
if current and current > tonumber(ARGV[1]) then stored = 0 end
if stored == 1 then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'meta', ARGV[3], 'value', ARGV[4], 'seq', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
end
if ARGV[5] ~= '' and redis.call('GET', KEYS[2]) == ARGV[5] then
  redis.call('DEL', KEYS[2])
  redis.call('PUBLISH', ARGV[6], ARGV[7])
end
return stored`;

/** Compare-and-delete: releases the lock only for its owner. KEYS: lock. ARGV: token, channel, message. */
const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], ARGV[3])
  return 1
end
return 0`;

const SCRIPTS = {
  appendLog: APPEND_LOG,
  readLog: READ_LOG,
  storeUnlessFenced: STORE_UNLESS_FENCED,
  releaseLock: RELEASE_LOCK,
};

/**
 * @typedef {(numberOfKeys: number, ...keysAndArgs: (string | Buffer)[]) => Promise<any>} ScriptCommand
 * @typedef {(import('ioredis').Redis | import('ioredis').Cluster) & Record<keyof typeof SCRIPTS, ScriptCommand>} ScriptedRedis
 */

/** Defines the scripts as commands on a connection (sent once, then called by SHA). @param {import('ioredis').Redis | import('ioredis').Cluster} redis */
export function withScripts(redis) {
  for (const [name, lua] of Object.entries(SCRIPTS)) redis.defineCommand(name, { lua });
  return /** @type {ScriptedRedis} */ (redis);
}
