import { describe, expect, it } from 'vitest';
import { coalesceReads } from '../src/coalesce.mjs';

/** A fake log read: each call is one "round trip" that returns what the log held when it was sent. */
function fakeLog() {
  let log = 0;
  const sends: { sawLog: number; finish: () => void }[] = [];
  let seen = 0;
  const read = () =>
    new Promise<void>((resolve) => {
      const sawLog = log;
      sends.push({
        sawLog,
        finish: () => {
          seen = Math.max(seen, sawLog);
          resolve();
        },
      });
    });
  return {
    read,
    sends,
    write: () => (log += 1),
    get seen() {
      return seen;
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('coalescing reads of the invalidation log', () => {
  it('never lets a request share a read that was sent before it arrived', async () => {
    const log = fakeLog();
    const refresh = coalesceReads(log.read);
    const first = refresh();
    expect(log.sends).toHaveLength(1);
    // A write completes while the first read is in flight (it was sent before the write) ...
    log.write();
    // ... and then a request arrives: the read in flight cannot show it the write.
    let secondDone = false;
    const second = refresh().then(() => (secondDone = true));
    log.sends[0]!.finish();
    await first;
    await tick();
    expect(secondDone).toBe(false);
    expect(log.sends).toHaveLength(2);
    log.sends[1]!.finish();
    await second;
    expect(log.seen).toBe(1);
  });

  it('sends one read for every request that arrived while a read was in flight', async () => {
    const log = fakeLog();
    const refresh = coalesceReads(log.read);
    const first = refresh();
    const waiting = Array.from({ length: 10 }, () => refresh());
    log.sends[0]!.finish();
    await first;
    await tick();
    expect(log.sends).toHaveLength(2);
    log.sends[1]!.finish();
    await Promise.all(waiting);
    expect(log.sends).toHaveLength(2);
  });

  it('starts a new read for a request that arrives after the queued read was sent', async () => {
    const log = fakeLog();
    const refresh = coalesceReads(log.read);
    const first = refresh();
    const second = refresh();
    log.sends[0]!.finish();
    await first;
    await tick();
    const third = refresh();
    log.sends[1]!.finish();
    await second;
    await tick();
    expect(log.sends).toHaveLength(3);
    log.sends[2]!.finish();
    await third;
  });

  it('sends a read at once, sharing nothing, for a request that arrives after every read has settled', async () => {
    const log = fakeLog();
    const refresh = coalesceReads(log.read);
    const first = refresh();
    log.sends[0]!.finish();
    await first;
    const later = refresh();
    // Sent in the call itself, not queued behind the settled read.
    expect(log.sends).toHaveLength(2);
    log.sends[1]!.finish();
    await later;
  });

  it('still serves the waiting requests when the read in flight fails', async () => {
    let calls = 0;
    const refresh = coalesceReads(async () => {
      calls += 1;
      if (calls === 1) throw new Error('Redis is unreachable');
    });
    const first = refresh();
    const second = refresh();
    await expect(first).rejects.toThrow(/unreachable/);
    await expect(second).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});
