import { describe, expect, inject, it } from 'vitest';
import { until } from './support/inspector';

/**
 * Next shares one fill of a cached function among concurrent requests for the same key. A request that
 * arrives after an invalidation must not be handed a fill that read its data before it: that is the
 * write's own redirect reading the old value. Tally patches Next for this (docs/decisions/033); the
 * fill here is a test-only cached read whose fill the test holds open (src/server/testing/held-fill.ts).
 */
const base = () => `${inject('baseURL')}/api/test/held-fill`;

async function call(step: 'read' | 'counts' | 'write' | 'release', key: string): Promise<Response> {
  const response = await fetch(`${base()}?key=${key}&step=${step}`, {
    method: step === 'read' || step === 'counts' ? 'GET' : 'POST',
  });
  expect(response.ok, `${step}: ${response.status}`).toBe(true);
  return response;
}

const counts = async (key: string): Promise<{ reads: number; fills: number }> => (await call('counts', key)).json();
const valueOf = async (read: Promise<Response>): Promise<number> => ((await (await read).json()) as { value: number }).value;

/** Waits until the held fill's counters for `key` satisfy `reached`. */
const countsReach = (key: string, reached: (seen: { reads: number; fills: number }) => boolean) =>
  until(`held fill ${key}`, async () => reached(await counts(key)), 2000, 10);

describe('a request joining a fill in flight', () => {
  it('is served the value after an invalidation it follows, not a fill that read before it', async () => {
    const key = `race-${Date.now()}`;
    const first = call('read', key);
    await countsReach(key, (seen) => seen.fills === 1); // the first fill has read 0 and is held open
    await call('write', key); // the value is 1 now, and the tag expired
    const second = call('read', key);
    await countsReach(key, (seen) => seen.reads === 2);
    // The second request joins the held fill within a few microtasks of arriving; give it ample time.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const released = Date.now();
    await call('release', key);
    expect(await valueOf(first)).toBe(0); // it began before the write: the old value is its honest answer
    expect(await valueOf(second)).toBe(1);
    // Its check of the shared fill took the single-flight lock for it (Redis handler): asking the handler
    // again would have waited for its own computation until the handler gives up (3 s).
    expect(Date.now() - released).toBeLessThan(2000);
    expect((await counts(key)).fills).toBe(2);
    expect(await valueOf(call('read', key))).toBe(1); // and the entry the cache keeps is the fresh one
    expect((await counts(key)).fills).toBe(2);
  });

  it('still shares a fill among requests that arrive while no invalidation happened', async () => {
    const key = `shared-${Date.now()}`;
    const reads = [call('read', key), call('read', key), call('read', key)];
    await countsReach(key, (seen) => seen.reads === 3 && seen.fills === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await call('release', key);
    expect(await Promise.all(reads.map(valueOf))).toEqual([0, 0, 0]);
    expect((await counts(key)).fills).toBe(1);
  });

  it('refuses a malformed key and a step sent with the wrong method', async () => {
    const response = await fetch(`${base()}?key=${encodeURIComponent('../x')}&step=read`);
    expect(response.status).toBe(400);
    expect(((await fetch(`${base()}?key=a&step=write`)) as Response).status).toBe(405);
  });
});
