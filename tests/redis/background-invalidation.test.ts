import { afterEach, expect, it } from 'vitest';
import { installCacheHandlerOutsideNext } from '@/server/cache/background-expire';
import { invoiceTags } from '@/server/cache/tags';
import { expireTagsFromBackground } from '@/server/cache/background-invalidate';
import {
  describeWithRedis,
  entryOf,
  requestGet,
  textOf,
  trackHandlers,
  trackPrefixes,
} from '../../packages/next-redis-cache/test/support/redis';

const newPrefix = trackPrefixes();
const newHandler = trackHandlers();
const HANDLERS_SET = Symbol.for('@next/cache-handlers-set');

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[HANDLERS_SET];
});

describeWithRedis('a worker process outside Next invalidates through the shared Redis handler', () => {
  it('marks the tag stale for every instance: served once with revalidate -1', async () => {
    const prefix = newPrefix();
    const webInstance = await newHandler(prefix);
    const tag = invoiceTags.summary('org_acme');
    await webInstance.set('summary', Promise.resolve(entryOf('old totals', { tags: [tag] })));

    installCacheHandlerOutsideNext(await newHandler(prefix));
    await expireTagsFromBackground([tag]);

    const served = await requestGet(webInstance, 'summary');
    expect(await textOf(served)).toBe('old totals');
    expect(served?.revalidate).toBe(-1);
  });

  it('refuses to replace handlers a Next server already has', async () => {
    installCacheHandlerOutsideNext(await newHandler(newPrefix()));
    const second = await newHandler(newPrefix());
    expect(() => installCacheHandlerOutsideNext(second)).toThrow(/already/);
  });
});
