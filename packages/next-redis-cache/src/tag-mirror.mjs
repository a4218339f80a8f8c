// @ts-check
/**
 * This process's copy of the global invalidation log: for every tag, the sequence numbers of its
 * latest invalidations. Entries are judged against it in memory, so a local hit costs no round trip.
 *
 * Sequence numbers, not clocks, order events: an entry carries the position the computing process
 * had reached in the log when the computation began (`positionAt`), and a tag event with a larger
 * sequence number happened after everything that position covers. Events this process has not
 * applied in order (its own writes, pub/sub hints) may be applied early: they can only make entries
 * older, never newer. Below `floor` the log is unknown (trimmed, or never read): such entries miss.
 */

/**
 * @typedef {{ seq: number, tags: string[], mode: 'expire' | 'stale', expiresAtLocal?: number }} TagEvent
 * @typedef {{ expired: number, stale: number, deadlineSeq: number, deadlineAt: number }} TagState
 * @typedef {'fresh' | 'stale' | 'expired'} Verdict
 */

const HISTORY_MS = 10 * 60 * 1000;

/** @param {{ now?: () => number }} [options] */
export function createTagMirror({ now = () => performance.timeOrigin + performance.now() } = {}) {
  /** @type {Map<string, TagState>} */
  const tags = new Map();
  /** Tags whose invalidation could not reach Redis yet: every entry carrying them misses. */
  /** @type {Set<string>} */
  const unrecorded = new Set();
  /** (local time, position) pairs, oldest first, to find the position a computation began at. */
  /** @type {{ at: number, position: number }[]} */
  const history = [];
  let epoch = '';
  let position = -1;
  let fullReadNeeded = true;
  let floor = 0;

  /** @param {string} tag */
  function stateOf(tag) {
    let state = tags.get(tag);
    if (!state) tags.set(tag, (state = { expired: -1, stale: -1, deadlineSeq: -1, deadlineAt: Infinity }));
    return state;
  }

  return {
    get epoch() {
      return epoch;
    },
    /** The last sequence number applied in order; -1 before the first read of the log. */
    get position() {
      return position;
    },
    /** Where the next read of the log starts: -1 asks for a full read. */
    get readFrom() {
      return fullReadNeeded ? -1 : position;
    },
    get floor() {
      return floor;
    },
    get size() {
      return tags.size;
    },
    /** @param {TagEvent} event */
    apply(event) {
      for (const tag of event.tags) {
        const state = stateOf(tag);
        if (event.mode === 'expire') state.expired = Math.max(state.expired, event.seq);
        else {
          state.stale = Math.max(state.stale, event.seq);
          if (event.expiresAtLocal !== undefined) {
            // One deadline per tag: the latest event's sequence with the earliest time. It can only
            // expire an entry early (a wasted recompute), never late.
            state.deadlineSeq = Math.max(state.deadlineSeq, event.seq);
            state.deadlineAt = Math.min(state.deadlineAt, event.expiresAtLocal);
          }
        }
      }
    },
    /**
     * Moves the in-order position forward after a read of the log (whose events were applied).
     * @param {number} to
     */
    advance(to) {
      if (to === position && history.length > 0) return;
      position = to;
      const at = now();
      history.push({ at, position });
      while (history.length > 1 && (history[1]?.at ?? at) < at - HISTORY_MS) history.shift();
    },
    /**
     * Forgets everything: the log was trimmed past this process, or Redis is another one now.
     * @param {string} newEpoch @param {number} newFloor
     */
    reset(newEpoch, newFloor) {
      tags.clear();
      history.length = 0;
      epoch = newEpoch;
      floor = newFloor;
      position = newFloor;
      fullReadNeeded = false;
    },
    /**
     * Bounds memory: past `maxTags`, forgets tags whose events all lie at or below `oldestKept - 1`
     * and raises the floor there, so entries older than that miss instead of being misjudged.
     * @param {number} keptFloor the last sequence number the log no longer keeps
     * @param {number} maxTags
     */
    compact(keptFloor, maxTags) {
      if (tags.size <= maxTags || keptFloor <= floor) return;
      for (const [tag, state] of tags) if (Math.max(state.expired, state.stale, state.deadlineSeq) <= keptFloor) tags.delete(tag);
      floor = keptFloor;
    },
    /** Forces the next read of the log to be a full one (after a reconnection). */
    invalidate() {
      fullReadNeeded = true;
    },
    /**
     * The position this process had reached at local time `at` (when a computation began); -1
     * when unknown, which makes the entry a miss everywhere.
     * @param {number} at
     */
    positionAt(at) {
      for (let i = history.length - 1; i >= 0; i -= 1) {
        const point = history[i];
        if (point && point.at <= at) return point.position;
      }
      return -1;
    },
    /** @param {string[]} tagList */
    markUnrecorded(tagList) {
      tagList.forEach((tag) => unrecorded.add(tag));
    },
    /** @param {string[]} tagList */
    recorded(tagList) {
      tagList.forEach((tag) => unrecorded.delete(tag));
    },
    get unrecorded() {
      return [...unrecorded];
    },
    /**
     * @param {number} entrySeq the log position the entry's computation began at
     * @param {Iterable<string>[]} tagLists its own tags, then the soft tags of the read
     * @returns {Verdict}
     */
    judge(entrySeq, ...tagLists) {
      if (entrySeq < floor) return 'expired';
      let verdict = /** @type {Verdict} */ ('fresh');
      const time = now();
      for (const list of tagLists) {
        for (const tag of list) {
          if (unrecorded.has(tag)) return 'expired';
          const state = tags.get(tag);
          if (!state) continue;
          if (state.expired > entrySeq) return 'expired';
          if (state.deadlineSeq > entrySeq && time >= state.deadlineAt) return 'expired';
          if (state.stale > entrySeq) verdict = 'stale';
        }
      }
      return verdict;
    },
  };
}

/** @typedef {ReturnType<typeof createTagMirror>} TagMirror */
