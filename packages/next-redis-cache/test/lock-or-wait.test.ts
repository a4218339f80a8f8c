import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSingleFlight } from '../src/single-flight.mjs';

type Outcome = { token: string; waited: boolean } | { entry: string } | { timedOut: true };

/**
 * The three steps `lockOrWait` drives, against an in-memory lock and store instead of Redis. Every
 * `tryLock` that succeeds hands out a new token; `lockHeldElsewhere` says whether another process
 * holds the lock.
 */
function fakeSteps(entryKey = 'entry') {
  const state = {
    stored: undefined as string | undefined,
    lockHeldElsewhere: true,
    lookups: 0,
    tokensIssued: 0,
    released: [] as (string | null)[],
  };
  return {
    state,
    steps: {
      entryKey,
      lookup: async () => {
        state.lookups += 1;
        return state.stored;
      },
      tryLock: async () => {
        if (state.lockHeldElsewhere) return null;
        state.tokensIssued += 1;
        return `token-${state.tokensIssued}`;
      },
      release: async (token: string | null) => {
        state.released.push(token);
      },
    },
  };
}

/** Starts `lockOrWait` and records its outcome when it settles, so a test can look without awaiting it. */
function start(run: Promise<Outcome>) {
  const watched = { outcome: undefined as Outcome | undefined };
  void run.then((outcome) => (watched.outcome = outcome));
  return watched;
}

/** Runs pending promise callbacks without moving the fake clock. */
const settlePromises = () => vi.advanceTimersByTimeAsync(0);

describe('single-flight: lock, or wait for the process that holds the lock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('computes at once, without having waited, when the lock is free and nothing is stored, and leaves no timer behind', async () => {
    const singleFlight = createSingleFlight({ lockMs: 5000, waitMs: 3000, recheckMs: 250 });
    const { state, steps } = fakeSteps();
    state.lockHeldElsewhere = false;
    expect(await singleFlight.lockOrWait(steps)).toEqual({ token: 'token-1', waited: false });
    expect(state.released).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('releases the lock it just took when the entry turns out to be stored already', async () => {
    const singleFlight = createSingleFlight({ lockMs: 5000, waitMs: 3000, recheckMs: 250 });
    const { state, steps } = fakeSteps();
    state.lockHeldElsewhere = false;
    state.stored = 'stored meanwhile';
    expect(await singleFlight.lockOrWait(steps)).toEqual({ entry: 'stored meanwhile' });
    expect(state.released).toEqual(['token-1']);
  });

  it('releases nothing when it finds the entry without holding the lock', async () => {
    const singleFlight = createSingleFlight({ lockMs: 5000, waitMs: 3000, recheckMs: 250 });
    const { state, steps } = fakeSteps();
    state.stored = 'stored by the owner';
    expect(await singleFlight.lockOrWait(steps)).toEqual({ entry: 'stored by the owner' });
    expect(state.released).toEqual([]);
  });

  it('looks again every recheckMs while another process holds the lock, and says it waited when it wins the lock later', async () => {
    const singleFlight = createSingleFlight({ lockMs: 5000, waitMs: 1000, recheckMs: 100 });
    const { state, steps } = fakeSteps();
    const waiter = start(singleFlight.lockOrWait(steps));
    await settlePromises();
    expect(state.lookups).toBe(1);
    await vi.advanceTimersByTimeAsync(99);
    expect(state.lookups).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.lookups).toBe(2);
    // The owner crashed: its lock expired, so the next look takes it.
    state.lockHeldElsewhere = false;
    await vi.advanceTimersByTimeAsync(100);
    expect(waiter.outcome).toEqual({ token: 'token-1', waited: true });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives up exactly at the deadline, even between two rechecks', async () => {
    const singleFlight = createSingleFlight({ lockMs: 5000, waitMs: 250, recheckMs: 100 });
    const { steps } = fakeSteps();
    const waiter = start(singleFlight.lockOrWait(steps));
    await vi.advanceTimersByTimeAsync(249);
    expect(waiter.outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(waiter.outcome).toEqual({ timedOut: true });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('wakes a waiter as soon as the fill message arrives, without waiting for the recheck', async () => {
    const singleFlight = createSingleFlight({ lockMs: 5000, waitMs: 60_000, recheckMs: 10_000 });
    const { state, steps } = fakeSteps();
    const waiter = start(singleFlight.lockOrWait(steps));
    await settlePromises();
    state.stored = 'filled';
    singleFlight.filled('entry');
    await settlePromises();
    expect(waiter.outcome).toEqual({ entry: 'filled' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('still wakes a waiter by the fill message after another caller of the same key has finished', async () => {
    const singleFlight = createSingleFlight({ lockMs: 5000, waitMs: 60_000, recheckMs: 10_000 });
    const waiting = fakeSteps();
    const waiter = start(singleFlight.lockOrWait(waiting.steps));
    await settlePromises();
    // A second caller in this process finds the lock free (the first owner released it) and leaves.
    const leaving = fakeSteps();
    leaving.state.lockHeldElsewhere = false;
    expect(await singleFlight.lockOrWait(leaving.steps)).toEqual({ token: 'token-1', waited: false });
    waiting.state.stored = 'filled';
    singleFlight.filled('entry');
    await settlePromises();
    expect(waiter.outcome).toEqual({ entry: 'filled' });
  });

  it('ignores a fill message for a key nobody in this process waits for', () => {
    const singleFlight = createSingleFlight({ lockMs: 5000, waitMs: 3000, recheckMs: 250 });
    expect(() => singleFlight.filled('nobody waits for this')).not.toThrow();
  });
});
