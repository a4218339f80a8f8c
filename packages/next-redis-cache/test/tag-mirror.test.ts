import { describe, expect, it } from 'vitest';
import { createTagMirror } from '../src/tag-mirror.mjs';

const HISTORY_MS = 10 * 60 * 1000;

function mirrorAt(time = { now: 1000 }) {
  return { time, mirror: createTagMirror({ now: () => time.now }) };
}

describe('the mirrored tag state', () => {
  it('judges an entry by sequence numbers: expired or stale only by events after its generation', () => {
    const { mirror } = mirrorAt();
    mirror.reset('epoch', 0);
    mirror.apply({ seq: 1, tags: ['a'], mode: 'expire' });
    mirror.apply({ seq: 2, tags: ['b'], mode: 'stale' });
    mirror.advance(2);
    expect(mirror.judge(0, ['a'])).toBe('expired');
    expect(mirror.judge(1, ['a'])).toBe('fresh');
    expect(mirror.judge(1, ['b'])).toBe('stale');
    expect(mirror.judge(2, ['a', 'b'])).toBe('fresh');
    expect(mirror.judge(1, [], ['_N_T_/x', 'b'])).toBe('stale');
  });

  it('expires a stale-marked tag at its deadline, on this process clock', () => {
    const { time, mirror } = mirrorAt();
    mirror.reset('epoch', 0);
    mirror.apply({ seq: 1, tags: ['a'], mode: 'stale', expiresAtLocal: 2000 });
    expect(mirror.judge(0, ['a'])).toBe('stale');
    time.now = 2000;
    expect(mirror.judge(0, ['a'])).toBe('expired');
    expect(mirror.judge(1, ['a'])).toBe('fresh');
  });

  it('misses every entry older than the log it knows (trimmed, or after a reset)', () => {
    const { mirror } = mirrorAt();
    mirror.reset('epoch', 40);
    expect(mirror.judge(39, [])).toBe('expired');
    expect(mirror.judge(40, [])).toBe('fresh');
  });

  it('finds the position a computation began at, and knows none before its first read', () => {
    const { time, mirror } = mirrorAt();
    expect(mirror.positionAt(time.now)).toBe(-1);
    mirror.reset('epoch', 3);
    mirror.advance(3);
    time.now = 1500;
    mirror.advance(7);
    expect(mirror.positionAt(999)).toBe(-1);
    expect(mirror.positionAt(1200)).toBe(3);
    expect(mirror.positionAt(1500)).toBe(7);
    mirror.reset('other epoch', 0);
    expect(mirror.positionAt(1500)).toBe(-1);
  });

  it('treats a tag whose invalidation has not reached Redis as expired for every entry', () => {
    const { mirror } = mirrorAt();
    mirror.reset('epoch', 0);
    mirror.markUnrecorded(['a']);
    expect(mirror.judge(1_000_000, ['a'])).toBe('expired');
    mirror.recorded(['a']);
    expect(mirror.judge(1_000_000, ['a'])).toBe('fresh');
  });

  it('asks for a full read until it has one, and again after a reconnection', () => {
    const { mirror } = mirrorAt();
    expect(mirror.readFrom).toBe(-1);
    mirror.reset('epoch', 5);
    expect(mirror.readFrom).toBe(5);
    mirror.invalidate();
    expect(mirror.readFrom).toBe(-1);
  });

  it('knows no position and no floor before its first read, and asks for a full read even after an early advance', () => {
    const { mirror } = mirrorAt();
    expect(mirror.position).toBe(-1);
    expect(mirror.floor).toBe(0);
    // Its own write may move the position before any read; the log before it is still unknown.
    mirror.advance(3);
    expect(mirror.position).toBe(3);
    expect(mirror.readFrom).toBe(-1);
  });

  it('judges stale-marked deadlines on the page clock when given no clock', () => {
    const mirror = createTagMirror();
    mirror.reset('epoch', 0);
    const pageNow = performance.timeOrigin + performance.now();
    mirror.apply({ seq: 1, tags: ['passed'], mode: 'stale', expiresAtLocal: pageNow - 1000 });
    mirror.apply({ seq: 2, tags: ['ahead'], mode: 'stale', expiresAtLocal: pageNow + HISTORY_MS });
    expect(mirror.judge(0, ['passed'])).toBe('expired');
    expect(mirror.judge(0, ['ahead'])).toBe('stale');
  });

  it('keeps the latest position older than the history window and forgets the ones before it', () => {
    const { time, mirror } = mirrorAt({ now: 0 });
    mirror.reset('epoch', 0);
    mirror.advance(1);
    time.now = 1000;
    mirror.advance(2);
    time.now = HISTORY_MS + 2000;
    mirror.advance(3);
    expect(mirror.positionAt(500)).toBe(-1);
    expect(mirror.positionAt(1500)).toBe(2);
    expect(mirror.positionAt(HISTORY_MS + 2000)).toBe(3);
  });

  it('keeps a position that became older than the window exactly now', () => {
    const { time, mirror } = mirrorAt({ now: 0 });
    mirror.reset('epoch', 0);
    mirror.advance(1);
    time.now = 1000;
    mirror.advance(2);
    time.now = HISTORY_MS + 1000;
    mirror.advance(3);
    expect(mirror.positionAt(500)).toBe(1);
  });

  it('keeps the time a position was first reached while later reads find the log unchanged', () => {
    const { time, mirror } = mirrorAt({ now: 0 });
    mirror.reset('epoch', 0);
    mirror.advance(5);
    time.now = 10;
    mirror.advance(5);
    time.now = HISTORY_MS + 20;
    mirror.advance(5);
    expect(mirror.positionAt(5)).toBe(5);
  });

  it('compacts only past maxTags, and forgets a tag whose last event is exactly the kept floor', () => {
    const { mirror } = mirrorAt();
    mirror.reset('epoch', 0);
    mirror.apply({ seq: 3, tags: ['at-the-floor'], mode: 'expire' });
    mirror.apply({ seq: 4, tags: ['above-the-floor'], mode: 'stale' });
    mirror.compact(3, 2);
    expect([mirror.size, mirror.floor]).toEqual([2, 0]);
    mirror.compact(3, 1);
    expect([mirror.size, mirror.floor]).toEqual([1, 3]);
    expect(mirror.judge(3, ['above-the-floor'])).toBe('stale');
  });

  it('does not compact again at a floor it has already reached', () => {
    const { mirror } = mirrorAt();
    mirror.reset('epoch', 5);
    mirror.apply({ seq: 4, tags: ['below'], mode: 'expire' });
    mirror.apply({ seq: 6, tags: ['above'], mode: 'expire' });
    mirror.compact(5, 1);
    expect([mirror.size, mirror.floor]).toEqual([2, 5]);
  });

  it('forgets tags only trimmed events mention once it holds too many, and misses entries older than that', () => {
    const { mirror } = mirrorAt();
    mirror.reset('epoch', 0);
    mirror.apply({ seq: 1, tags: ['old'], mode: 'expire' });
    mirror.apply({ seq: 5, tags: ['recent'], mode: 'stale' });
    mirror.compact(3, 10);
    expect(mirror.size).toBe(2);
    mirror.compact(3, 1);
    expect(mirror.size).toBe(1);
    expect(mirror.judge(2, ['untouched'])).toBe('expired');
    expect(mirror.judge(3, ['old'])).toBe('fresh');
    expect(mirror.judge(3, ['recent'])).toBe('stale');
  });
});
