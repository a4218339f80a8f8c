// @ts-check
/**
 * Shares reads of the invalidation log between concurrent requests without losing read-your-writes.
 * A caller may share a read only if it was *sent* after the caller arrived: a read already in flight
 * can miss a write that completed just before the caller began (the write whose redirect brought the
 * browser here). Callers arriving while a read is in flight therefore wait for it to settle and share
 * the next one, sent for all of them at once: at most one read in flight and one queued.
 *
 * @param {() => Promise<void>} read
 */
export function coalesceReads(read) {
  /** @type {Promise<void> | undefined} */
  let inFlight;
  /** @type {Promise<void> | undefined} */
  let queued;

  function send() {
    const sent = read();
    inFlight = sent;
    const clear = () => {
      if (inFlight === sent) inFlight = undefined;
    };
    sent.then(clear, clear);
    return sent;
  }

  return function coalesced() {
    if (!inFlight) return send();
    const settled = inFlight.then(
      () => undefined,
      () => undefined,
    );
    return (queued ??= settled.then(() => {
      queued = undefined;
      return send();
    }));
  };
}
