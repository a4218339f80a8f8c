// Invalidation propagation between two processes sharing Redis: the time from `updateTags` starting
// on instance A to the first read on instance B that no longer serves the entry (B keeps reading in
// a loop, starting from its local layer, the fastest path to a stale answer).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createRedisCacheHandler } from '@tally/next-redis-cache';
import { percentile } from './support.mjs';

const entry = (tag) => ({
  value: new Blob(['x'.repeat(4096)]).stream(),
  tags: [tag],
  stale: 30,
  timestamp: Date.now() - 5,
  expire: 86400,
  revalidate: 900,
});

const nextMessage = (child, type) =>
  new Promise((resolve) => {
    const listen = (message) => {
      if (message.type !== type) return;
      child.off('message', listen);
      resolve(message);
    };
    child.on('message', listen);
  });

export async function benchPropagation({ redisUrl, prefix, trials = 200 }) {
  const instanceA = createRedisCacheHandler({ url: redisUrl, prefix, buildId: () => 'bench', log: () => {} });
  const instanceB = fork(new URL('./propagation-reader.mjs', import.meta.url), [redisUrl, prefix]);
  await nextMessage(instanceB, 'ready');
  const latencies = [];
  for (let trial = 0; trial < trials; trial += 1) {
    const key = `propagation-${trial}`;
    const tag = `org:bench:${trial}:list`;
    await instanceA.set(key, Promise.resolve(entry(tag)));
    const armed = nextMessage(instanceB, 'armed');
    instanceB.send({ type: 'arm', key });
    if (!(await armed).hit) throw new Error('instance B did not see the entry');
    const fresh = nextMessage(instanceB, 'fresh');
    await new Promise((resolve) => setTimeout(resolve, 2));
    const startedAt = performance.timeOrigin + performance.now();
    await instanceA.updateTags([tag]);
    latencies.push((await fresh).at - startedAt);
  }
  instanceB.send({ type: 'stop' });
  await once(instanceB, 'exit');
  await instanceA.close();
  return { trials, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies) };
}
