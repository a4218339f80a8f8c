import { describe, expect, it } from 'vitest';
import { createLocalLayer } from '../src/local-layer.mjs';

const entry = (bytes: number, tags: string[] = []) => ({
  meta: { tags, stale: 30, timestamp: Date.now(), expire: 3600, revalidate: 900 },
  value: new Uint8Array(bytes),
  seq: 0,
});

describe('the local layer in front of Redis', () => {
  it('stays within its byte budget, evicting the least recently used entries', () => {
    const local = createLocalLayer(1000);
    local.set('a', entry(240));
    local.set('b', entry(240));
    local.set('c', entry(240));
    local.get('a');
    local.set('d', entry(240));
    local.set('e', entry(240));
    expect(local.bytes).toBeLessThanOrEqual(1000);
    expect(local.get('a')).toBeDefined();
    expect(local.get('b')).toBeUndefined();
  });

  it('keeps no entry larger than a quarter of its budget', () => {
    const local = createLocalLayer(1000);
    local.set('big', entry(300));
    expect(local.size).toBe(0);
  });

  it('keeps an entry of exactly a quarter of its budget', () => {
    const local = createLocalLayer(1000);
    local.set('quarter', entry(250));
    expect(local.size).toBe(1);
  });

  it('evicts nothing while the entries fill the budget exactly', () => {
    const local = createLocalLayer(1000);
    for (const key of ['a', 'b', 'c', 'd']) local.set(key, entry(250));
    expect(local.size).toBe(4);
    expect(local.bytes).toBe(1000);
  });

  it('does not drop a key for a tag its replaced or deleted entry carried', () => {
    const local = createLocalLayer(10_000);
    local.set('replaced', entry(10, ['old-tag']));
    local.set('replaced', entry(10, ['new-tag']));
    local.set('deleted', entry(10, ['old-tag']));
    local.delete('deleted');
    local.set('deleted', entry(10, ['new-tag']));
    local.dropTags(['old-tag']);
    expect(local.get('replaced')).toBeDefined();
    expect(local.get('deleted')).toBeDefined();
  });

  it('still drops the other entries of a tag after one of them was removed', () => {
    const local = createLocalLayer(10_000);
    local.set('first', entry(10, ['shared']));
    local.set('second', entry(10, ['shared']));
    local.delete('first');
    local.dropTags(['shared']);
    expect(local.get('second')).toBeUndefined();
    expect(local.bytes).toBe(0);
  });

  it('removes an entry whose tag list names a tag twice', () => {
    const local = createLocalLayer(10_000);
    local.set('k', entry(10, ['t', 't']));
    local.delete('k');
    expect(local.size).toBe(0);
    local.set('k', entry(10, ['t', 't']));
    local.dropTags(['t']);
    expect(local.size).toBe(0);
  });

  it('drops every entry carrying an invalidated tag, and only those', () => {
    const local = createLocalLayer(10_000);
    local.set('list', entry(10, ['org:1:list', 'org:1:all']));
    local.set('summary', entry(10, ['org:1:summary', 'org:1:all']));
    local.set('other', entry(10, ['org:2:list']));
    local.dropTags(['org:1:all']);
    expect([local.get('list'), local.get('summary')]).toEqual([undefined, undefined]);
    expect(local.get('other')).toBeDefined();
    expect(local.bytes).toBe(10);
  });
});
