import 'server-only';
import { hasCacheHandlers, markTagsStaleInBackground } from '@/server/cache/background-expire';
import { env } from '@/server/env';
import { INTERNAL_REVALIDATE_PATH } from './internal-revalidate';

/** `expire` (seconds) for eventual invalidations from the background, matching the built-in 'max' profile. */
const MAX_EXPIRE_SECONDS = 60 * 60 * 24 * 365;

/**
 * Marks tags stale from work that runs outside any request. In a Next server process (the in-process
 * worker) that is its own cache handlers. A separate worker process has none, so it asks every web
 * instance to call `revalidateTag(tag, 'max')` through an internal, secret-protected route. A failure
 * throws, so the job is retried and nothing is logged as done.
 */
export async function expireTagsFromBackground(tags: string[]): Promise<void> {
  if (hasCacheHandlers()) return markTagsStaleInBackground(tags, MAX_EXPIRE_SECONDS);
  const { TALLY_REVALIDATE_URLS: urls, TALLY_INTERNAL_SECRET: secret } = env();
  if (!urls || !secret) {
    throw new Error(
      'Next.js cache handlers are not initialised in this process; set TALLY_REVALIDATE_URLS and TALLY_INTERNAL_SECRET so a worker can reach the web instances.',
    );
  }
  await Promise.all(
    urls.map(async (base) => {
      const response = await fetch(new URL(INTERNAL_REVALIDATE_PATH, base), {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tags }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`${base} answered ${response.status} to the tag invalidation`);
    }),
  );
}
