import { afterEach, expect, it } from 'vitest';
import { installCacheHandlerOutsideNext } from '@/server/cache/background-expire';
import { invoiceTags } from '@/server/cache/tags';
import { expireTagsFromBackground } from '@/server/cache/background-invalidate';
import { describeWithRedis, entryOf, textOf, useHandlers, usePrefixes } from './support/redis';

const newPrefix = usePrefixes();
const newHandler = useHandlers();
const HANDLERS_SET = Symbol.for('@next/cache-handlers-set');

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[HANDLERS_SET];
});

describeWithRedis('a worker process outside Next invalidates through the shared Redis handler', () => {
  it('marks the tag stale for every instance: served once with revalidate -1', async () => {
    const prefix = newPrefix();
    const webInstance = newHandler(prefix);
    const tag = invoiceTags.summary('org_acme');
    await webInstance.set('summary', Promise.resolve(entryOf('old totals', { tags: [tag], timestamp: Date.now() - 10 })));

    installCacheHandlerOutsideNext(newHandler(prefix));
    await expireTagsFromBackground([tag]);

    const served = await webInstance.get('summary', []);
    expect(await textOf(served)).toBe('old totals');
    expect(served?.revalidate).toBe(-1);
  });

  it('refuses to replace handlers a Next server already has', () => {
    installCacheHandlerOutsideNext(newHandler(newPrefix()));
    expect(() => installCacheHandlerOutsideNext(newHandler(newPrefix()))).toThrow(/already/);
  });
});
