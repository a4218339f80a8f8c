import 'server-only';
import { revalidateTag, updateTag } from 'next/cache';
import { tagsFor, type CacheEvent, type EventContext, type TagFamily } from '@/server/cache/graph';
import { observeInvalidations } from '@/server/observability/metrics';
import { expireTagsFromBackground } from './background-invalidate';
import { logCacheInvalidations, type InvalidationEntry, type InvalidationSource } from './log';

/**
 * interactive: a user sits on the redirect, so tags expire now (`updateTag`, Server Actions only).
 * eventual: nobody waits, so tags go stale and are served once more while they refresh
 * (`revalidateTag(tag, 'max')` inside a request; from a background job, see background-invalidate.ts).
 */
export type InvalidationMode = 'interactive' | 'eventual';

export interface InvalidateOptions {
  source: InvalidationSource;
  /**
   * The /inspector misuse demo only: families sent through the eventual primitive even in
   * interactive mode. No other code path sets this.
   */
  eventualFamilies?: readonly TagFamily[];
}

/**
 * The single fan-out routine: every tag the event touches, each logged only after its call returned.
 * Call it after the transaction committed and before redirecting.
 */
export async function invalidate(
  event: CacheEvent,
  ctx: EventContext,
  mode: InvalidationMode,
  options: InvalidateOptions,
): Promise<void> {
  const done: InvalidationEntry[] = [];
  const started = performance.now();
  const entry = (tag: string, primitive: InvalidationEntry['primitive']) =>
    done.push({ orgId: ctx.orgId, tag, source: options.source, primitive });
  try {
    const background: string[] = [];
    for (const { family, tag } of tagsFor(event, ctx)) {
      const eventual = mode === 'eventual' || options.eventualFamilies?.includes(family);
      if (!eventual) {
        updateTag(tag);
        entry(tag, 'updateTag');
      } else if (options.source === 'action') {
        revalidateTag(tag, 'max');
        entry(tag, 'revalidateTag');
      } else {
        background.push(tag);
      }
    }
    if (background.length > 0) {
      await expireTagsFromBackground(background);
      background.forEach((tag) => entry(tag, 'revalidateTag'));
    }
  } finally {
    observeInvalidations(done, { mode, source: options.source }, (performance.now() - started) / 1000);
    await logCacheInvalidations(done);
  }
}
