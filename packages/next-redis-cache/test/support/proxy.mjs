// @ts-check
import { createConnection, createServer } from 'node:net';

/**
 * A TCP hop in front of a Redis that can be cut and restored (its data survives the "outage"), and
 * that counts the round trips a client starts: every chunk the client sends is one request burst.
 * Used by the tests and the bench. Without a port it takes a free one on its first `listen()` and keeps
 * it across cuts, so clients reconnect to the same URL and parallel runs never collide on a port.
 * @param {URL} target @param {number} [port]
 */
export function redisProxy(target, port = 0) {
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  /** @type {import('node:net').Server | undefined} */
  let server;
  let sent = 0;
  const listen = () =>
    new Promise((resolve) => {
      server = createServer((client) => {
        const upstream = createConnection(Number(target.port || 6379), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.on('data', () => (sent += 1));
        client.pipe(upstream).pipe(client);
      }).listen(port, '127.0.0.1', () => {
        const address = server?.address();
        if (address && typeof address === 'object') port = address.port;
        resolve(undefined);
      });
    });
  return {
    /** Known once `listen()` has resolved. */
    get url() {
      if (port === 0) throw new Error('the proxy has no port before listen()');
      return `redis://127.0.0.1:${port}`;
    },
    listen,
    /** Request bursts sent through the proxy so far. */
    get sent() {
      return sent;
    },
    async cut() {
      await new Promise((resolve) => {
        if (!server) return resolve(undefined);
        server.close(() => resolve(undefined));
        sockets.forEach((socket) => socket.destroy());
      });
    },
  };
}
