// @ts-check
/**
 * The Lua scripts, so each multi-key step is atomic inside Redis and costs one round trip. They run
 * as EVALSHA commands defined on the connection (`withScripts`).
 */

/**
 * Per-tag state is one hash per tag with `stale` and `expired` timestamps (ms), the two fields Next's
 * built-in handler keeps in its in-process manifest, judged the same way: an entry written at
 * `timestamp` is expired (0 → 2) once a tag's expiry has arrived and came after the write, and stale
 * (1: served once more with `revalidate: -1`, then refreshed) when a tag was marked stale after it.
 */
const JUDGE = `
local function judge(first, timestamp, now)
  local verdict = 0
  for i = first, #KEYS do
    local state = redis.call('HMGET', KEYS[i], 'stale', 'expired')
    local stale, expired = tonumber(state[1]), tonumber(state[2])
    if expired and expired <= now and expired > timestamp then return 2 end
    if stale and stale > timestamp then verdict = 1 end
  end
  return verdict
end
`;

/** Script replies to `judgeTags` and `checkLocal`, by number. */
export const VERDICTS = /** @type {const} */ (['fresh', 'stale', 'expired', 'replaced']);

/** KEYS: tag keys. ARGV: entry timestamp, now. */
const JUDGE_TAGS = `${JUDGE}
return judge(1, tonumber(ARGV[1]), tonumber(ARGV[2]))`;

/**
 * Confirms a local copy: 3 when Redis holds another version of the entry (or none), else its tags'
 * verdict. KEYS: entry, tag keys. ARGV: version, entry timestamp, now.
 */
const CHECK_LOCAL = `${JUDGE}
if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return 3 end
return judge(2, tonumber(ARGV[2]), tonumber(ARGV[3]))`;

/**
 * Marks tags invalidated. ARGV: now, expiredAt ('' = leave unchanged), mode ('expire' | 'stale'),
 * ttlMs, channel, message. A tag's hash lives at least `ttlMs` past its latest change, long enough to
 * outlive every entry it could still judge, and never grows: one hash per tag, two fields.
 */
const UPDATE_TAGS = `
local now, expiredAt, mode, ttl = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
for _, key in ipairs(KEYS) do
  if mode == 'expire' then
    redis.call('HSET', key, 'expired', now)
  else
    redis.call('HSET', key, 'stale', now)
    if expiredAt ~= '' then redis.call('HSET', key, 'expired', expiredAt) end
  end
  if redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
end
redis.call('PUBLISH', ARGV[5], ARGV[6])
return 1`;

/**
 * Stores an entry unless the generation fence refuses it, then releases the single-flight lock if
 * this caller owns it and wakes the waiters. An entry's generation is its `timestamp`, when Next
 * began computing it. Refused: an entry older than the one already stored (a slow compute that
 * began before an invalidation must not replace the result of one that began after it), and an
 * entry a tag has already expired (it could only ever be a miss). An entry marked stale after it
 * began is stored, as Next's built-in handler does: it is newer than what it replaces, and reads
 * serve it once with `revalidate: -1` until it is refreshed.
 * KEYS: entry, lock, tag keys... ARGV: timestamp, now, ttlMs, meta, value, version, lockToken, channel, message.
 */
const STORE_UNLESS_FENCED = `
local timestamp, now = tonumber(ARGV[1]), tonumber(ARGV[2])
local stored = 1
local current = tonumber(redis.call('HGET', KEYS[1], 'timestamp'))
if current and current > timestamp then stored = 0 end
for i = 3, #KEYS do
  local expired = tonumber(redis.call('HGET', KEYS[i], 'expired'))
  if expired and expired > timestamp and expired <= now then stored = 0 end
end
if stored == 1 then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'meta', ARGV[4], 'value', ARGV[5], 'version', ARGV[6], 'timestamp', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
end
if ARGV[7] ~= '' and redis.call('GET', KEYS[2]) == ARGV[7] then
  redis.call('DEL', KEYS[2])
  redis.call('PUBLISH', ARGV[8], ARGV[9])
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
  judgeTags: JUDGE_TAGS,
  checkLocal: CHECK_LOCAL,
  updateTags: UPDATE_TAGS,
  storeUnlessFenced: STORE_UNLESS_FENCED,
  releaseLock: RELEASE_LOCK,
};

/**
 * @typedef {(numberOfKeys: number, ...keysAndArgs: (string | Buffer)[]) => Promise<number>} ScriptCommand
 * @typedef {import('ioredis').Redis & Record<keyof typeof SCRIPTS, ScriptCommand>} ScriptedRedis
 */

/** Defines the scripts as commands on a connection (sent once, then called by SHA). @param {import('ioredis').Redis} redis */
export function withScripts(redis) {
  for (const [name, lua] of Object.entries(SCRIPTS)) redis.defineCommand(name, { lua });
  return /** @type {ScriptedRedis} */ (redis);
}
