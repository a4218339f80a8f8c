// The "instance B" process of the propagation benchmark: on request, loads a key into its local
// layer, then reads it in a tight loop and reports when it first stops being served (a fresh read).
import { createRedisCacheHandler } from '@tally/next-redis-cache';

const [url, prefix] = process.argv.slice(2);
const handler = createRedisCacheHandler({ url, prefix, buildId: () => 'bench', log: () => {} });
const now = () => performance.timeOrigin + performance.now();

process.on('message', async ({ type, key }) => {
  if (type === 'arm') {
    const hit = await handler.get(key, []);
    process.send({ type: 'armed', hit: Boolean(hit) });
    while (await handler.get(key, [])) {
      // served from the cache: the invalidation has not reached this instance yet
    }
    process.send({ type: 'fresh', at: now() });
  } else if (type === 'stop') {
    await handler.close();
    process.exit(0);
  }
});
process.send({ type: 'ready' });
