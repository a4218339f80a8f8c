// "Instance B": another process with its own handler, driven by messages from the bench.
//   read         one request (refreshTags + lookup): { hit, stale }
//   reads        `count` requests, then an empty answer
//   until-miss   requests in a loop until one is no longer served: when that request started and
//                when it was answered, { startedAt, at } (or { timedOut }); once the first request
//                was served, it also sends { type: 'looping' }
//   fill         a request that misses, computes and stores `key` with `tags`
import { createHandler, entry, muteSubscriberDrops, requestGet } from './handlers.mjs';
import { now } from './measure.mjs';

const [name, url, prefix] = process.argv.slice(2);
muteSubscriberDrops();
const handler = await createHandler(name, { url, prefix });

async function read(key) {
  const hit = await requestGet(handler, key);
  if (hit) await new Response(hit.value).arrayBuffer();
  return { hit: Boolean(hit), stale: hit?.revalidate === -1 };
}

process.on('message', async ({ type, key, count, timeoutMs, tags }) => {
  if (type === 'read') process.send({ type, ...(await read(key)) });
  else if (type === 'reads') {
    for (let i = 0; i < count; i += 1) await read(key);
    process.send({ type });
  } else if (type === 'until-miss') {
    const deadline = now() + timeoutMs;
    for (let served = 0; ; served += 1) {
      const startedAt = now();
      if (!(await read(key)).hit) return process.send({ type, startedAt, at: now() });
      // The writer waits for this: a write sent before the loop runs would time B's start-up, not propagation.
      if (served === 0) process.send({ type: 'looping' });
      if (now() > deadline) return process.send({ type, timedOut: true });
      // Requests reach a server through I/O: let pending messages (pub/sub, keyspace events) in between.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } else if (type === 'fill') {
    if (await requestGet(handler, key)) throw new Error(`${key} was not a miss`);
    await handler.set(key, Promise.resolve(entry('x'.repeat(4096), tags)));
    process.send({ type });
  } else if (type === 'stop') {
    await handler.close?.();
    process.exit(0);
  }
});
process.send({ type: 'ready' });
