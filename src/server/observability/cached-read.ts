import 'server-only';
import { cacheTag } from 'next/cache';
import { inSpan } from './spans';
import { metrics, tagFamilyOf } from './metrics';
import { renderingRequestContext } from './request-spans';

/**
 * The body of a `'use cache'` function, called inside it: tags the entry, and since the body only
 * runs when no layer had the entry, counts a miss by tag family and wraps the read in a span (its
 * queries nest under it). Counted by Tally, so misses show with Next's built-in handler too.
 */
export function cachedRead<T>(name: string, tags: string[], read: () => Promise<T>): Promise<T> {
  cacheTag(...tags);
  // One miss, under the entry's own tag (the first); the rest are the tenant-wide tags every entry carries.
  metrics().cachedFunctionMisses.inc({ function: name, family: tagFamilyOf(tags[0] ?? 'none') });
  const attributes = { 'tally.cache.function': name, 'tally.cache.tags': tags };
  return inSpan(`cache miss ${name}`, { attributes, fallbackParent: renderingRequestContext() }, () => read());
}

/**
 * The export around a `'use cache'` function: counts every call by function and by the family of
 * `sampleTag` (the entry's own tag, built with any ids), so the hit ratio per family is reads minus
 * misses over reads, with Next's built-in handler as with Redis.
 */
export function countedRead<A extends unknown[], R>(name: string, sampleTag: string, read: (...args: A) => Promise<R>) {
  const family = tagFamilyOf(sampleTag);
  return (...args: A): Promise<R> => {
    metrics().cachedFunctionReads.inc({ function: name, family });
    return read(...args);
  };
}
