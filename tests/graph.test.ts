import { describe, expect, it } from 'vitest';
import { ALL_TAG_FAMILIES, INVALIDATION_GRAPH, tagsFor, type CacheEvent } from '@/lib/cache/graph';
import { commentTags, invoiceTags, orgOfTag, orgTags } from '@/lib/cache/tags';

const EVENTS = Object.keys(INVALIDATION_GRAPH) as CacheEvent[];
const ctxA = { orgId: 'org_a', invoiceId: '11111111-1111-1111-1111-111111111111' };
const ctxB = { orgId: 'org_b', invoiceId: '22222222-2222-2222-2222-222222222222' };

describe('the invalidation graph', () => {
  it('reaches every tag family that a cached read uses', () => {
    const reached = new Set(EVENTS.flatMap((event) => INVALIDATION_GRAPH[event]));
    expect([...ALL_TAG_FAMILIES].filter((family) => !reached.has(family))).toEqual([]);
  });

  it('invalidates list + record + summary for every invoice mutation', () => {
    for (const event of ['invoice.updated', 'invoice.archived', 'invoice.restored', 'invoice.softDeleted'] as const) {
      expect(tagsFor(event, ctxA).map((t) => t.tag).sort()).toEqual(
        [invoiceTags.list('org_a'), invoiceTags.record('org_a', ctxA.invoiceId), invoiceTags.summary('org_a')].sort(),
      );
    }
  });

  it('never produces a tag of another org', () => {
    for (const event of EVENTS) {
      for (const { tag } of tagsFor(event, ctxA)) expect(orgOfTag(tag), `${event} -> ${tag}`).toBe('org_a');
      for (const { tag } of tagsFor(event, ctxB)) expect(orgOfTag(tag), `${event} -> ${tag}`).toBe('org_b');
    }
  });

  it('scopes a record invalidation to the one invoice', () => {
    const tags = tagsFor('invoice.updated', ctxA).map((t) => t.tag);
    expect(tags).not.toContain(invoiceTags.record('org_a', ctxB.invoiceId));
  });

  it('flushes an org through its org-wide tag, which every cached read carries', () => {
    expect(tagsFor('org.flushed', ctxA).map((t) => t.tag)).toContain(orgTags.all('org_a'));
  });

  it('refuses an invoice-scoped event without an invoice id instead of building a wrong tag', () => {
    expect(() => tagsFor('invoice.updated', { orgId: 'org_a' })).toThrow(/invoiceId/);
    expect(() => tagsFor('comment.added', { orgId: 'org_a' })).toThrow(/invoiceId/);
  });

  it('keeps tags distinct per org and per family', () => {
    const all = [
      invoiceTags.list('o'),
      invoiceTags.summary('o'),
      invoiceTags.record('o', 'x'),
      commentTags.count('o', 'x'),
      commentTags.recent('o'),
      orgTags.all('o'),
    ];
    expect(new Set(all).size).toBe(all.length);
    expect(invoiceTags.list('o1')).not.toBe(invoiceTags.list('o2'));
  });
});
