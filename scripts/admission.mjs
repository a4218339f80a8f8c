// @ts-check
// Graceful overload for `npm start` (docs/decisions/017): at most `concurrency` requests render at
// once; the rest wait in a bounded first-in-first-out queue for at most `maxWaitMs`. A request that
// finds the queue full, or waits too long, gets a 503 with Retry-After at once, so under a burst the
// server keeps serving at full speed instead of letting every request time out.

/**
 * @typedef {import('node:http').IncomingMessage} Request
 * @typedef {import('node:http').ServerResponse} Response
 * @typedef {(request: Request, response: Response) => unknown} Handler
 * @typedef {{ concurrency: number, queueLimit: number, maxWaitMs: number, retryAfterSeconds: number }} AdmissionOptions
 */

/** Static build assets are cheap and a page needs them to run: never queued. */
const exempt = (/** @type {Request} */ request) => request.url?.startsWith('/_next/static/') ?? false;

/**
 * @param {Response} response @param {number} retryAfterSeconds
 */
function refuse(response, retryAfterSeconds) {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(503, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'retry-after': String(retryAfterSeconds),
  });
  response.end(
    JSON.stringify({ error: { code: 'overloaded', message: `The server is busy. Retry in ${retryAfterSeconds} s.` } }),
  );
}

/**
 * Wraps `handler` with admission control.
 * @param {Handler} handler @param {AdmissionOptions} options
 * @returns {{ handle: Handler, stats(): { active: number, queued: number, refused: number } }}
 */
export function withAdmission(handler, { concurrency, queueLimit, maxWaitMs, retryAfterSeconds }) {
  let active = 0;
  let refused = 0;
  /** @type {{ request: Request, response: Response, timer: NodeJS.Timeout }[]} */
  const queue = [];

  const shed = (/** @type {Response} */ response) => {
    refused += 1;
    refuse(response, retryAfterSeconds);
  };

  const remove = (/** @type {Response} */ response) => {
    const index = queue.findIndex((item) => item.response === response);
    if (index === -1) return false;
    clearTimeout(queue[index]?.timer);
    queue.splice(index, 1);
    return true;
  };

  const run = (/** @type {Request} */ request, /** @type {Response} */ response) => {
    active += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      active -= 1;
      const next = queue.shift();
      if (next) {
        clearTimeout(next.timer);
        run(next.request, next.response);
      }
    };
    response.once('finish', release);
    response.once('close', release);
    Promise.resolve()
      .then(() => handler(request, response))
      .catch((/** @type {unknown} */ error) => {
        console.error('[tally] request failed', error);
        if (!response.headersSent) response.writeHead(500).end();
      });
  };

  /** @type {Handler} */
  const handle = (request, response) => {
    if (exempt(request) || active < concurrency) return run(request, response);
    if (queue.length >= queueLimit) return shed(response);
    const timer = setTimeout(() => remove(response) && shed(response), maxWaitMs);
    queue.push({ request, response, timer });
    // A client that gave up while waiting leaves the queue instead of being served to nobody.
    response.once('close', () => remove(response));
  };

  return { handle, stats: () => ({ active, queued: queue.length, refused }) };
}

/**
 * The limits from the environment (documented in README's configuration table).
 * @param {NodeJS.ProcessEnv} env
 * @returns {AdmissionOptions}
 */
export function admissionOptions(env) {
  const positive = (/** @type {string | undefined} */ value, /** @type {number} */ fallback) => {
    const parsed = Number(value);
    return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
  };
  return {
    concurrency: positive(env.TALLY_MAX_IN_FLIGHT, 2),
    queueLimit: positive(env.TALLY_MAX_QUEUE, 512),
    maxWaitMs: positive(env.TALLY_MAX_QUEUE_WAIT_MS, 500),
    retryAfterSeconds: 1,
  };
}
