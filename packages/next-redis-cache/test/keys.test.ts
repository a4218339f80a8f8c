import { describe, expect, it } from 'vitest';
import { createKeys } from '../src/keys.mjs';
import { createStats } from '../src/stats.mjs';

/**
 * The key layout is a contract with every other process on the same Redis (other instances, older
 * builds mid-deploy, the worker): a renamed key is a cold cache or, for the log, a lost invalidation.
 */
describe('Redis key names', () => {
  it('put an entry and its lock in one build-scoped hash slot, and the log keys in one prefix-scoped slot', () => {
    const keys = createKeys('tally', 'build1');
    expect(keys.entry('k')).toBe('tally:entry:{build1:k}');
    expect(keys.lock('k')).toBe('tally:lock:{build1:k}');
    expect(keys.log).toEqual({
      stream: 'tally:{tally:log}:stream',
      seq: 'tally:{tally:log}:seq',
      epoch: 'tally:{tally:log}:epoch',
    });
    expect(keys.invalidationChannel).toBe('tally:invalidated');
    expect(keys.fillChannel).toBe('tally:filled:build1');
  });

  it.each([
    ['a{b', 'build'],
    ['prefix', 'b}d'],
  ])('refuses braces in the prefix or build id (%s, %s)', (prefix, buildId) => {
    expect(() => createKeys(prefix, buildId)).toThrow(
      `Cache prefixes and build ids may not contain braces (they delimit Redis Cluster hash tags): ${prefix.includes('{') ? prefix : buildId}`,
    );
  });
});

describe('handler statistics', () => {
  it('start every counter at zero', () => {
    const stats = createStats();
    expect(Object.keys(stats).length).toBeGreaterThan(15);
    expect(Object.values(stats).every((value) => value === 0)).toBe(true);
  });
});
