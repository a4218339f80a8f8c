import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * invalidate() without a database: which primitive each tag goes through in each mode and source,
 * what is logged and measured, and that a failure logs only what already happened.
 * (tests/invalidate.test.ts covers the same routine against the real log table.)
 */
const h = vi.hoisted(() => ({
  calls: [] as string[],
  failingTag: null as string | null,
  logged: [] as unknown[][],
  observed: [] as unknown[][],
  background: [] as string[][],
}));

vi.mock('next/cache', () => ({
  updateTag: (tag: string) => {
    if (tag === h.failingTag) throw new Error('boom');
    h.calls.push(`updateTag ${tag}`);
  },
  revalidateTag: (tag: string, profile: string) => h.calls.push(`revalidateTag ${tag} ${profile}`),
}));
vi.mock('@/server/cache/log', () => ({
  logCacheInvalidations: async (entries: unknown[]) => void h.logged.push(structuredClone(entries)),
}));
vi.mock('@/server/observability/metrics', () => ({
  observeInvalidations: (...args: unknown[]) => void h.observed.push(structuredClone(args)),
}));
vi.mock('@/server/cache/background-invalidate', () => ({
  expireTagsFromBackground: async (tags: string[]) => {
    h.calls.push(`background ${tags.join(' ')}`);
    h.background.push(tags);
  },
}));

const { invalidate } = await import('@/server/cache/invalidate');

const ORG = 'org_acme';
const INVOICE = '33333333-3333-3333-3333-333333333333';
const LIST = `org:${ORG}:invoices:list`;
const RECORD = `org:${ORG}:invoice:${INVOICE}`;
const SUMMARY = `org:${ORG}:invoices:summary`;
const ctx = { orgId: ORG, invoiceId: INVOICE };
const entry = (tag: string, source: string, primitive: string) => ({ orgId: ORG, tag, source, primitive });

beforeEach(() => {
  Object.assign(h, { calls: [], failingTag: null, logged: [], observed: [], background: [] });
  let now = 1000;
  vi.spyOn(performance, 'now').mockImplementation(() => (now += 250));
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('invalidate(): primitives by mode and source', () => {
  it('interactive: updateTag for every tag, logged and measured as such', async () => {
    await invalidate('invoice.update', ctx, 'interactive', { source: 'action' });
    expect(h.calls).toEqual([`updateTag ${LIST}`, `updateTag ${RECORD}`, `updateTag ${SUMMARY}`]);
    const entries = [
      entry(LIST, 'action', 'updateTag'),
      entry(RECORD, 'action', 'updateTag'),
      entry(SUMMARY, 'action', 'updateTag'),
    ];
    expect(h.logged).toEqual([entries]);
    // performance.now() advances 250 ms per call: started at 1250, measured at 1500.
    expect(h.observed).toEqual([[entries, { mode: 'interactive', source: 'action' }, 0.25]]);
  });

  it('eventual from an action: revalidateTag(tag, "max") inside the request, nothing sent to the background', async () => {
    await invalidate('invoice.archive', ctx, 'eventual', { source: 'action' });
    expect(h.calls).toEqual([`revalidateTag ${LIST} max`, `revalidateTag ${RECORD} max`, `revalidateTag ${SUMMARY} max`]);
    expect(h.logged).toEqual([
      [
        entry(LIST, 'action', 'revalidateTag'),
        entry(RECORD, 'action', 'revalidateTag'),
        entry(SUMMARY, 'action', 'revalidateTag'),
      ],
    ]);
    expect(h.observed[0]?.[1]).toEqual({ mode: 'eventual', source: 'action' });
  });

  it('eventual from a job: one background expiry for all tags, logged after it returned', async () => {
    await invalidate('summary.recompute', { orgId: ORG }, 'eventual', { source: 'job' });
    expect(h.calls).toEqual([`background ${SUMMARY}`]);
    expect(h.logged).toEqual([[entry(SUMMARY, 'job', 'revalidateTag')]]);
    expect(h.observed[0]?.[1]).toEqual({ mode: 'eventual', source: 'job' });
  });

  it('interactive from a job still expires now, and sends nothing to the background', async () => {
    await invalidate('invoice.import', { orgId: ORG }, 'interactive', { source: 'job' });
    expect(h.calls).toEqual([`updateTag ${LIST}`]);
    expect(h.background).toEqual([]);
    expect(h.logged).toEqual([[entry(LIST, 'job', 'updateTag')]]);
  });

  it('the misuse option sends only the named families through the eventual primitive', async () => {
    await invalidate('invoice.update', ctx, 'interactive', { source: 'action', eventualFamilies: ['record'] });
    expect(h.calls).toEqual([`updateTag ${LIST}`, `revalidateTag ${RECORD} max`, `updateTag ${SUMMARY}`]);
  });

  it('the misuse option from a job goes to the background for those families only', async () => {
    await invalidate('invoice.update', ctx, 'interactive', { source: 'job', eventualFamilies: ['summary'] });
    expect(h.calls).toEqual([`updateTag ${LIST}`, `updateTag ${RECORD}`, `background ${SUMMARY}`]);
    expect(h.logged).toEqual([
      [entry(LIST, 'job', 'updateTag'), entry(RECORD, 'job', 'updateTag'), entry(SUMMARY, 'job', 'revalidateTag')],
    ]);
  });

  it('a failing call logs and measures only the tags before it, then rethrows', async () => {
    h.failingTag = RECORD;
    await expect(invalidate('invoice.update', ctx, 'interactive', { source: 'action' })).rejects.toThrow('boom');
    expect(h.logged).toEqual([[entry(LIST, 'action', 'updateTag')]]);
    expect(h.observed).toEqual([[[entry(LIST, 'action', 'updateTag')], { mode: 'interactive', source: 'action' }, 0.25]]);
  });
});
