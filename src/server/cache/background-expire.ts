import 'server-only';

/**
 * `revalidateTag` needs a request in progress (it throws an invariant error without one), so a job
 * that runs in the background marks tags stale through the cache handlers' own `updateTags` API: the
 * same call Next makes for `revalidateTag(tag, 'max')` once a request ends. Next keeps its handlers
 * on globalThis under this symbol, one set per process.
 */
interface TagUpdatingHandler {
  updateTags(tags: string[], durations?: { expire?: number }): Promise<void>;
}

const HANDLERS_SET = Symbol.for('@next/cache-handlers-set');

const handlersInProcess = () => (globalThis as Record<symbol, Set<TagUpdatingHandler> | undefined>)[HANDLERS_SET];

/**
 * A process that is not a Next server (`npm run worker`) has no handlers. With the shared Redis cache
 * it installs that handler here, so its invalidations land where every web instance reads them.
 */
export function installCacheHandlerOutsideNext(handler: TagUpdatingHandler): void {
  const holder = globalThis as Record<symbol, Set<TagUpdatingHandler> | undefined>;
  if (holder[HANDLERS_SET]) throw new Error('This process already has Next.js cache handlers.');
  holder[HANDLERS_SET] = new Set([handler]);
}

/** False in a process that is not a Next server, such as `npm run worker` without Redis. */
export function hasCacheHandlers(): boolean {
  return handlersInProcess() !== undefined;
}

export async function markTagsStaleInBackground(tags: string[], expireSeconds: number): Promise<void> {
  const handlers = handlersInProcess();
  if (!handlers) throw new Error('Next.js cache handlers are not initialised in this process.');
  await Promise.all([...handlers].map((handler) => handler.updateTags(tags, { expire: expireSeconds })));
}
