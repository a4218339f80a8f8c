// One process of the cross-process single-flight test: once all `processes` are ready, `concurrency`
// simultaneous reads of one cold key, each computing (counted in Redis) only when the handler says miss.
import { Redis } from 'ioredis';
import { createRedisCacheHandler } from '@tally/next-redis-cache';

const [url, prefix, concurrency, processes] = process.argv.slice(2);
const handler = createRedisCacheHandler({ url, prefix, buildId: () => 'build-a', log: () => {} });
const counter = new Redis(url);
await handler.get(`warm-up-${process.pid}`, []);

const entry = (text) => ({
  value: new Blob([text]).stream(),
  tags: ['org:1:list'],
  stale: 30,
  timestamp: Date.now(),
  expire: 3600,
  revalidate: 900,
});

async function read() {
  const hit = await handler.get('cold', []);
  if (hit) return new Response(hit.value).text();
  await counter.incr(`${prefix}:computations`);
  await new Promise((resolve) => setTimeout(resolve, 150));
  await handler.set('cold', Promise.resolve(entry('computed')));
  return 'computed';
}

// A barrier in Redis, so every process reads while the key is still cold.
await counter.incr(`${prefix}:ready`);
while (Number(await counter.get(`${prefix}:ready`)) < Number(processes)) await new Promise((resolve) => setTimeout(resolve, 2));
const results = await Promise.all(Array.from({ length: Number(concurrency) }, read));
process.stdout.write(JSON.stringify({ values: [...new Set(results)], stats: handler.stats() }));
await counter.quit();
await handler.close();
