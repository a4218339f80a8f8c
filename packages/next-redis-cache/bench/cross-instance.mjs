// Two processes sharing Redis, for each handler:
// - propagation: from `updateTags` starting on A to the first request on B that is no longer served
//   the entry (B reading in a loop, from its local layer when it has one), timed to when that
//   request started (from then on, requests arriving at B see the write) and to when it was answered
//   (which adds the request's own work: for this package, the miss's single-flight lock);
// - stale reads: B is served an entry after A's `updateTags` for one of its tags has returned, in
//   three sequences: as things normally go; after every pub/sub message of the write was lost (the
//   subscriber connections cut just before it, as a network blip or a failover does); and with B's
//   clock running ahead of A's (hosts' clocks are never exactly in step).
import { Redis } from 'ioredis';
import { createHandler, entry, muteSubscriberDrops } from './handlers.mjs';
import { startInstance } from './instances.mjs';
import { now, percentile } from './measure.mjs';

const PAYLOAD = 'x'.repeat(4096);
const TIMEOUT_MS = 2000;
export const CLOCK_OFFSET_MS = 50;
export const MESSAGE_LOST_TRIALS = 20;

async function staleAfterWrite({ fill, reader, writer, tag, key, beforeWrite = async () => {}, beforeRead = async () => {} }) {
  await fill(key, [tag]);
  if (!(await reader.ask({ type: 'read', key })).hit) throw new Error('instance B did not see the entry');
  await beforeWrite();
  await writer.updateTags([tag]);
  await beforeRead();
  return (await reader.ask({ type: 'read', key })).hit;
}

/** Cuts every subscriber connection on the server; `restored()` waits until as many are back. */
async function subscriberCutter(url) {
  const admin = new Redis(url);
  const subscribers = async () => (await admin.client('LIST', 'TYPE', 'pubsub')).split('\n').filter(Boolean).length;
  let before = 0;
  return {
    async cut() {
      before = await subscribers();
      await admin.client('KILL', 'TYPE', 'pubsub');
    },
    async restored() {
      const deadline = now() + 10_000;
      while ((await subscribers()) < before) {
        if (now() > deadline) throw new Error('subscribers did not reconnect in 10 s');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // A reconnected client subscribes right after its connection is listed: give it that moment.
      await new Promise((resolve) => setTimeout(resolve, 200));
    },
    close: () => admin.disconnect(),
  };
}

export async function benchCrossInstance(name, { url, prefix, trials = Number(process.env.BENCH_TRIALS ?? 1000) }) {
  const instanceA = await createHandler(name, { url, prefix });
  const instanceB = await startInstance(name, { url, prefix });
  const skewedB = await startInstance(name, { url, prefix, clockOffsetMs: CLOCK_OFFSET_MS });
  const cutter = await subscriberCutter(url);
  const started = [];
  const answered = [];
  let timeouts = 0;
  const stale = { normal: 0, messageLost: 0, clockSkew: 0 };
  let unmute = () => {};
  const fillOnA = (key, tags) => instanceA.set(key, Promise.resolve(entry(PAYLOAD, tags)));
  const fillOnSkewedB = (key, tags) => skewedB.ask({ type: 'fill', key, tags });
  try {
    for (let trial = 0; trial < trials; trial += 1) {
      const tag = `org:bench:${trial}:list`;
      const key = `propagation-${trial}`;
      await fillOnA(key, [tag]);
      if (!(await instanceB.ask({ type: 'read', key })).hit) throw new Error(`${name}: instance B did not see the entry`);
      const looping = instanceB.next('looping');
      const fresh = instanceB.ask({ type: 'until-miss', key, timeoutMs: TIMEOUT_MS });
      if ((await Promise.race([looping, fresh])).type !== 'looping')
        throw new Error(`${name}: instance B missed before the write`);
      const writeStartedAt = now();
      await instanceA.updateTags([tag]);
      const seen = await fresh;
      if (seen.timedOut) timeouts += 1;
      else {
        started.push(seen.startedAt - writeStartedAt);
        answered.push(seen.at - writeStartedAt);
      }

      const normal = { fill: fillOnA, reader: instanceB, tag: `org:bench:${trial}:record`, key: `normal-${trial}` };
      if (await staleAfterWrite({ ...normal, writer: instanceA })) stale.normal += 1;
      const skewed = { fill: fillOnSkewedB, reader: skewedB, tag: `org:bench:${trial}:skew`, key: `skew-${trial}` };
      if (await staleAfterWrite({ ...skewed, writer: instanceA })) stale.clockSkew += 1;
    }
    unmute = muteSubscriberDrops();
    for (let trial = 0; trial < MESSAGE_LOST_TRIALS; trial += 1) {
      const lost = await staleAfterWrite({
        fill: fillOnA,
        reader: instanceB,
        writer: instanceA,
        tag: `org:bench:${trial}:lost`,
        key: `lost-${trial}`,
        beforeWrite: () => cutter.cut(),
        beforeRead: () => cutter.restored(),
      });
      if (lost) stale.messageLost += 1;
    }
  } finally {
    unmute();
    cutter.close();
    await Promise.all([instanceB.stop(), skewedB.stop()]);
    await instanceA.close?.();
  }
  const spread = (values) => ({ p50: percentile(values, 50), p99: percentile(values, 99) });
  return { trials, started: spread(started), answered: spread(answered), timeouts, stale };
}
