// @ts-check
/**
 * Per-tag invalidation state: one Redis hash per tag with `stale` and `expired` timestamps (ms), the
 * same two fields Next's built-in handler keeps in its in-process tags manifest, and judged the same
 * way, so an entry means the same thing on one instance and on many.
 */

/** @typedef {{ stale?: number, expired?: number }} TagState */
/** @typedef {'fresh' | 'stale' | 'expired'} Verdict */

/** @param {(string | null)[] | null | undefined} fields the reply of `HMGET tag stale expired` */
export function parseTagState(fields) {
  const [stale, expired] = fields ?? [];
  return { stale: stale ? Number(stale) : undefined, expired: expired ? Number(expired) : undefined };
}

/**
 * An entry written at `timestamp` is expired when a tag's expiry has arrived and came after the write,
 * and stale (served once more, then refreshed) when a tag was marked stale after the write.
 * @param {TagState[]} states @param {number} timestamp @param {number} now
 * @returns {Verdict}
 */
export function judgeEntry(states, timestamp, now) {
  let verdict = /** @type {Verdict} */ ('fresh');
  for (const { stale, expired } of states) {
    if (expired !== undefined && expired <= now && expired > timestamp) return 'expired';
    if (stale !== undefined && stale > timestamp) verdict = 'stale';
  }
  return verdict;
}

/**
 * Adds `HMGET stale expired` for each tag to a pipeline; returns how to read the replies back.
 * @param {import('ioredis').ChainableCommander} pipeline
 * @param {string[]} tagKeys
 */
export function queueTagReads(pipeline, tagKeys) {
  for (const key of tagKeys) pipeline.hmget(key, 'stale', 'expired');
  /** @param {[Error | null, unknown][]} replies @param {number} from */
  return (replies, from) =>
    tagKeys.map((_, index) => {
      const [error, fields] = replies[from + index] ?? [null, null];
      if (error) throw error;
      return parseTagState(/** @type {(string | null)[]} */ (fields));
    });
}
