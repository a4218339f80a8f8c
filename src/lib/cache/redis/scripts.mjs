// @ts-check
/**
 * The Lua scripts, so each multi-key step is atomic inside Redis.
 */

/**
 * Marks tags invalidated. ARGV: now, expiredAt ('' = leave unchanged), mode ('expire' | 'stale'),
 * ttlMs, channel, message. A tag's hash lives at least `ttlMs` past its latest change, long enough to
 * outlive every entry it could still judge, and never grows: one hash per tag, two fields.
 */
export const UPDATE_TAGS = `
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
 * Stores an entry unless one of its tags was invalidated after the computation began (the
 * generation fence: the entry's `timestamp` is when Next started computing it), then releases the
 * single-flight lock if this caller owns it and wakes the waiters.
 * KEYS: entry, lock, tag keys... ARGV: timestamp, now, ttlMs, meta, value, version, lockToken, channel, message.
 */
export const STORE_UNLESS_FENCED = `
local timestamp, now = tonumber(ARGV[1]), tonumber(ARGV[2])
local stored = 1
for i = 3, #KEYS do
  local state = redis.call('HMGET', KEYS[i], 'stale', 'expired')
  local stale, expired = tonumber(state[1]), tonumber(state[2])
  if (stale and stale > timestamp) or (expired and expired > timestamp and expired <= now) then stored = 0 end
end
if stored == 1 then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'meta', ARGV[4], 'value', ARGV[5], 'version', ARGV[6])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
end
if ARGV[7] ~= '' and redis.call('GET', KEYS[2]) == ARGV[7] then
  redis.call('DEL', KEYS[2])
  redis.call('PUBLISH', ARGV[8], ARGV[9])
end
return stored`;

/** Compare-and-delete: releases the lock only for its owner. KEYS: lock. ARGV: token, channel, message. */
export const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], ARGV[3])
  return 1
end
return 0`;
