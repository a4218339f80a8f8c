// @ts-check
// A small round-robin HTTP proxy: each request goes to the next instance, so one browser session
// really hops between them. It keeps the Host header (Server Actions compare it with Origin) and
// names the instance that answered in `x-tally-instance`.
import { createServer, request } from 'node:http';

/**
 * @param {{ port: number, instances: { name: string, port: number }[] }} options
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export function startRoundRobinProxy({ port, instances }) {
  let next = 0;
  const server = createServer((incoming, outgoing) => {
    const target = /** @type {{ name: string, port: number }} */ (instances[next++ % instances.length]);
    const forwarded = request(
      {
        host: '127.0.0.1',
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, 'x-forwarded-for': incoming.socket.remoteAddress ?? '' },
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, { ...response.headers, 'x-tally-instance': target.name });
        response.pipe(outgoing);
      },
    );
    forwarded.on('error', (error) => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(`${target.name} did not answer: ${error.message}`);
    });
    incoming.pipe(forwarded);
  });
  return new Promise((resolve) => {
    server.listen(port, () =>
      resolve({
        url: `http://localhost:${port}`,
        close: () => new Promise((done) => server.close(() => done(undefined))),
      }),
    );
  });
}
