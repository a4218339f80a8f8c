// @ts-check
import { randomBytes } from 'node:crypto';

/**
 * Cross-process single-flight for cache misses. The first process to miss takes a lock (SET NX PX
 * with an owner token); the others wait for the entry to be stored, woken by a pub/sub message
 * rather than polling, with a slow re-check in case the message is lost. The lock is released by
 * compare-and-delete in the same script that stores the entry, so only its owner can release it.
 * After `waitMs` a waiter computes anyway: a crashed owner costs one timeout, never a hang.
 *
 * @param {{ lockMs: number, waitMs: number, recheckMs: number }} timing
 */
export function createSingleFlight({ lockMs, waitMs, recheckMs }) {
  /** @type {Map<string, Set<() => void>>} entry key -> waiters in this process */
  const waiters = new Map();

  /**
   * Registers for the next fill message before the caller looks, so a message that lands between
   * the look and the wait is not lost. `wake` also cancels.
   * @param {string} entryKey @param {number} ms
   */
  function nextWake(entryKey, ms) {
    const set = waiters.get(entryKey) ?? new Set();
    waiters.set(entryKey, set);
    /** @type {() => void} */
    let wake = () => {};
    const woken = new Promise((resolve) => {
      wake = () => {
        clearTimeout(timer);
        set.delete(wake);
        if (set.size === 0) waiters.delete(entryKey);
        resolve(undefined);
      };
    });
    const timer = setTimeout(wake, ms);
    set.add(wake);
    return { woken, wake };
  }

  return {
    lockMs,
    /** @param {import('ioredis').Redis | import('ioredis').Cluster} redis @param {string} lockKey @returns {Promise<string | null>} the owner token */
    async tryLock(redis, lockKey) {
      const token = randomBytes(12).toString('base64url');
      return (await redis.set(lockKey, token, 'PX', lockMs, 'NX')) === 'OK' ? token : null;
    },
    /**
     * After a miss: take the lock (this caller computes), or wait until `lookup` finds the entry
     * another process stored, or until time runs out (then compute anyway). The owner stores and
     * releases in one step, so a lock taken after a look that missed is checked once more: the
     * entry may have landed in between.
     * @template T
     * @param {{
     *   entryKey: string,
     *   lookup: () => Promise<T | undefined>,
     *   tryLock: () => Promise<string | null>,
     *   release: (token: string) => Promise<void>,
     * }} steps
     * @returns {Promise<{ token: string, waited: boolean } | { entry: T } | { timedOut: true }>}
     */
    async lockOrWait({ entryKey, lookup, tryLock, release }) {
      const deadline = Date.now() + waitMs;
      for (let attempt = 0; ; attempt += 1) {
        const next = nextWake(entryKey, Math.max(0, Math.min(recheckMs, deadline - Date.now())));
        try {
          // Sent together: one connection carries both in order, so the look still follows the lock
          // attempt (a miss costs one round trip here, not two).
          const [token, entry] = await Promise.all([tryLock(), lookup()]);
          if (entry !== undefined) {
            if (token) await release(token);
            return { entry };
          }
          if (token) return { token, waited: attempt > 0 };
          if (Date.now() >= deadline) return { timedOut: true };
          await next.woken;
        } finally {
          next.wake();
        }
      }
    },
    /** A fill message arrived: the entry was stored or its lock released. @param {string} entryKey */
    filled(entryKey) {
      for (const wake of [...(waiters.get(entryKey) ?? [])]) wake();
    },
  };
}

/** @typedef {ReturnType<typeof createSingleFlight>} SingleFlight */
