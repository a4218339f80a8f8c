import { afterEach, expect, it } from 'vitest';
import { createConnection } from '../src/connection.mjs';
import { redisProxy } from './support/proxy.mjs';
import { describeWithRedis, rawRedis, REDIS_URL, waitUntil } from './support/redis';

type Connection = ReturnType<typeof createConnection>;

const open: Connection[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((connection) => connection.close()));
});

const CHANNEL = `tally-test:${process.pid}:connection-channel`;

/** A connection whose log lines, messages and recoveries are recorded. */
function recordedConnection(url: string, channels = [CHANNEL]) {
  const record = { logs: [] as string[], messages: [] as [string, string][], recoveries: 0 };
  const connection = createConnection({
    url,
    channels: () => channels,
    onMessage: (channel, message) => record.messages.push([channel, message]),
    onRecovered: () => (record.recoveries += 1),
    log: (line) => record.logs.push(line),
  });
  open.push(connection);
  return { connection, record };
}

const UNAVAILABLE = (cause: string) =>
  `[next-redis-cache] Redis cache unavailable (${cause}); serving from the database until it is back.`;
const REACHABLE_AGAIN = '[next-redis-cache] Redis cache reachable again; local layer dropped, failed invalidations replayed.';

it('answers null while Redis cannot be reached, and logs the outage once, with its cause', async () => {
  const { connection, record } = recordedConnection('redis://127.0.0.1:1');
  expect(await connection.client()).toBeNull();
  expect(await connection.client()).toBeNull();
  expect(connection.healthy).toBe(false);
  expect(record.logs).toEqual([UNAVAILABLE('connect ECONNREFUSED 127.0.0.1:1')]);
  expect(record.recoveries).toBe(0);
});

describeWithRedis('the connection to Redis', () => {
  it('connects on first use, subscribes, and logs nothing while Redis answers', async () => {
    const { connection, record } = recordedConnection(REDIS_URL ?? '');
    expect(connection.healthy).toBe(false);
    const client = await connection.client();
    expect(client).not.toBeNull();
    expect(await connection.client()).toBe(client);
    expect(await client?.ping()).toBe('PONG');
    expect(connection.healthy).toBe(true);
    // The first connection counts as a recovery: invalidations that failed before it are replayed.
    expect(record.recoveries).toBe(1);
    const publisher = rawRedis();
    await waitUntil(() => {
      void publisher.publish(CHANNEL, 'hello');
      return record.messages.length > 0;
    });
    await publisher.quit();
    expect(record.messages[0]).toEqual([CHANNEL, 'hello']);
    expect(record.logs).toEqual([]);
  });

  it('counts one recovery when Redis comes back after dropping the connection', async () => {
    const proxy = redisProxy(new URL(REDIS_URL ?? ''));
    await proxy.listen();
    try {
      const { connection, record } = recordedConnection(proxy.url);
      expect(await connection.client()).not.toBeNull();
      await proxy.cut();
      await waitUntil(() => record.logs.length === 1);
      expect(await connection.client()).toBeNull();
      await proxy.listen();
      await waitUntil(() => connection.healthy);
      expect(record.logs[1]).toBe(REACHABLE_AGAIN);
      expect(record.recoveries).toBe(2);
    } finally {
      await proxy.cut();
    }
  });

  it('ends an outage that dropped no connection at the next success, once, and names a cause that is no Error', async () => {
    const { connection, record } = recordedConnection(REDIS_URL ?? '');
    expect(await connection.client()).not.toBeNull();
    connection.reportSuccess();
    expect(record).toMatchObject({ logs: [], recoveries: 1 });
    connection.reportError('a command timed out');
    connection.reportError('another command timed out');
    expect(connection.healthy).toBe(false);
    connection.reportSuccess();
    connection.reportSuccess();
    expect(connection.healthy).toBe(true);
    expect(record).toMatchObject({ logs: [UNAVAILABLE('a command timed out'), REACHABLE_AGAIN], recoveries: 2 });
  });
});
