import 'server-only';
import { createHash } from 'node:crypto';
import type { ThreadVersion } from './scoped';

/** A page is a function of the thread's version and the page request, so their hash is its ETag. */
export function threadEtag(version: ThreadVersion, cursor: string | null, limit: number): string {
  const digest = createHash('sha1')
    .update(JSON.stringify([version.count, version.newestAt, cursor, limit]))
    .digest('base64url');
  return `W/"${digest}"`;
}

export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  return !!ifNoneMatch && ifNoneMatch.split(',').some((candidate) => candidate.trim() === etag);
}
