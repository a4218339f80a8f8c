// @ts-check
/**
 * The in-process layer in front of Redis: recently used entries, bounded by their bytes. The handler
 * judges every local hit against its mirror of the invalidation log (no round trip); pub/sub drops
 * copies early to free memory, so a lost message can only cost a wasted byte, never a stale read.
 */

/**
 * @typedef {{ tags: string[], stale: number, timestamp: number, expire: number, revalidate: number }} EntryMeta
 * @typedef {{ meta: EntryMeta, value: Uint8Array, seq: number }} LocalEntry  seq: the log position its computation began at
 */

/** @param {number} maxBytes */
export function createLocalLayer(maxBytes) {
  /** @type {Map<string, LocalEntry>} insertion order is recency order */
  const entries = new Map();
  /** @type {Map<string, Set<string>>} tag -> cache keys, for pub/sub drops */
  const byTag = new Map();
  let bytes = 0;

  /** @param {string} cacheKey */
  function remove(cacheKey) {
    const entry = entries.get(cacheKey);
    if (!entry) return;
    entries.delete(cacheKey);
    bytes -= entry.value.byteLength;
    for (const tag of entry.meta.tags) {
      const keys = byTag.get(tag);
      keys?.delete(cacheKey);
      if (keys?.size === 0) byTag.delete(tag);
    }
  }

  /** One entry may not crowd out the rest; an oversized one simply lives in Redis only. @param {number} byteLength */
  const admits = (byteLength) => byteLength <= maxBytes / 4;

  return {
    /** @param {string} cacheKey */
    get(cacheKey) {
      const entry = entries.get(cacheKey);
      if (entry) {
        entries.delete(cacheKey);
        entries.set(cacheKey, entry);
      }
      return entry;
    },
    admits,
    /** @param {string} cacheKey @param {LocalEntry} entry */
    set(cacheKey, entry) {
      remove(cacheKey);
      if (!admits(entry.value.byteLength)) return;
      entries.set(cacheKey, entry);
      bytes += entry.value.byteLength;
      for (const tag of entry.meta.tags) {
        const keys = byTag.get(tag) ?? new Set();
        keys.add(cacheKey);
        byTag.set(tag, keys);
      }
      for (const oldest of entries.keys()) {
        if (bytes <= maxBytes) break;
        remove(oldest);
      }
    },
    delete: remove,
    /** @param {string[]} tags */
    dropTags(tags) {
      for (const tag of tags) for (const cacheKey of [...(byTag.get(tag) ?? [])]) remove(cacheKey);
    },
    clear() {
      entries.clear();
      byTag.clear();
      bytes = 0;
    },
    get bytes() {
      return bytes;
    },
    get size() {
      return entries.size;
    },
  };
}

/** @typedef {ReturnType<typeof createLocalLayer>} LocalLayer */
