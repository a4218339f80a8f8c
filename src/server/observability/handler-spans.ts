import 'server-only';
import { SpanKind } from '@opentelemetry/api';
import { inSpan } from './spans';

// The Redis handler (@tally/next-redis-cache) keeps its one instance here; Next calls its methods on it.
const HANDLER = Symbol.for('tally.redis-cache-handler');
const INSTRUMENTED = Symbol.for('tally.redis-cache-handler.traced');

type Handler = Record<string | symbol, unknown>;

/**
 * The calls that may wait on Redis: `refreshTags` (the request's one read of the tag log), `get` (a local
 * hit, or one Redis read), `set` and `updateTags` (writes). `getExpiration` answers from memory.
 */
const REDIS_METHODS = ['refreshTags', 'get', 'set', 'updateTags'] as const;

/**
 * Wraps the Redis handler's methods in client spans (`cache refreshTags`, `cache get`, `cache set`, `cache updateTags`),
 * once, as soon as Next has loaded the handler. The handler is a package loaded outside the app's
 * bundles, so it is instrumented from here rather than depending on OpenTelemetry itself.
 */
export function traceCacheHandler(): boolean {
  const handler = (globalThis as Record<symbol, Handler | undefined>)[HANDLER];
  if (!handler) return false;
  if (handler[INSTRUMENTED]) return true;
  handler[INSTRUMENTED] = true;
  for (const method of REDIS_METHODS) {
    const original = handler[method];
    if (typeof original !== 'function') continue;
    handler[method] = (...args: unknown[]) =>
      inSpan(
        `cache ${method}`,
        { kind: SpanKind.CLIENT, attributes: { 'db.system': 'redis', 'db.operation.name': method } },
        () => Promise.resolve((original as (...a: unknown[]) => unknown).apply(handler, args)),
      );
  }
  return true;
}
