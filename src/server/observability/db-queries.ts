import 'server-only';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Database } from '@/server/db/open';
import { metrics } from './metrics';

type Driver = Database['kind'];
type AnyFunction = (...args: never[]) => unknown;
type Patchable = Record<string, unknown>;

const QUERY_TEXT_LIMIT = 2_000;

/**
 * Times one query from when the driver is asked to run it until it settles: a histogram, the
 * in-flight gauge, and a span under whatever is active (a cache miss, an action, a job). Only the SQL
 * text is recorded: parameters can hold credentials (session tokens, password hashes).
 */
function startQuery(driver: Driver, text: unknown): (error?: unknown) => void {
  const { dbQueryDuration, dbQueriesInFlight } = metrics();
  const statement = typeof text === 'string' ? text.slice(0, QUERY_TEXT_LIMIT) : undefined;
  const span = trace.getTracer('tally').startSpan(`${driver} query`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'db.system': driver === 'postgres' ? 'postgresql' : 'pglite',
      ...(statement ? { 'db.query.text': statement } : {}),
    },
  });
  const started = performance.now();
  dbQueriesInFlight.inc({ driver });
  return (error?: unknown) => {
    dbQueriesInFlight.dec({ driver });
    dbQueryDuration.observe({ driver, outcome: error === undefined ? 'ok' : 'error' }, (performance.now() - started) / 1000);
    if (error !== undefined)
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    span.end();
  };
}

function wrapMethod(target: Patchable, name: string, wrap: (original: AnyFunction) => AnyFunction): void {
  const original = target[name];
  if (typeof original === 'function') target[name] = wrap((original as AnyFunction).bind(target));
}

/** PGlite: `query` and `exec` answer promises; a transaction hands its callback an object with both. */
function instrumentPglite(client: Patchable): void {
  const timed =
    (original: AnyFunction) =>
    async (...args: never[]) => {
      const done = startQuery('pglite', args[0]);
      try {
        const result = await original(...args);
        done();
        return result;
      } catch (error) {
        done(error ?? 'error');
        throw error;
      }
    };
  const instrument = (target: Patchable) => {
    wrapMethod(target, 'query', timed);
    wrapMethod(target, 'exec', timed);
  };
  instrument(client);
  wrapMethod(
    client,
    'transaction',
    (original) => (callback: never) =>
      original(((tx: Patchable) => (instrument(tx), (callback as unknown as AnyFunction)(tx as never))) as never),
  );
}

/**
 * postgres.js: `unsafe` returns a lazy query that runs when first awaited (its `handle`); drizzle
 * calls it on the client, and on the transaction's and savepoint's own `sql` functions.
 */
function instrumentPostgres(sql: Patchable): void {
  wrapMethod(sql, 'unsafe', (original) => (...args: never[]) => {
    const query = original(...args) as Patchable & Promise<unknown> & { executed?: boolean };
    wrapMethod(query, 'handle', (handle) => () => {
      if (!query.executed) {
        const done = startQuery('postgres', args[0]);
        // Promise.prototype.then, not the query's own: that one would start the query itself.
        Promise.prototype.then.call(
          query,
          () => done(),
          (error: unknown) => done(error ?? 'error'),
        );
      }
      return handle();
    });
    return query;
  });
  const wrapCallback =
    (original: AnyFunction) =>
    (...args: never[]) =>
      original(
        ...(args.map((argument) =>
          typeof argument === 'function'
            ? (tx: Patchable) => (instrumentPostgres(tx), (argument as AnyFunction)(tx as never))
            : argument,
        ) as never[]),
      );
  wrapMethod(sql, 'begin', wrapCallback);
  wrapMethod(sql, 'savepoint', wrapCallback);
}

/** Instruments the driver under the database's Drizzle instance, in place, and returns the database. */
export function instrumentDatabase(database: Database): Database {
  const client = (database.db as unknown as { $client: Patchable }).$client;
  if (database.kind === 'pglite') instrumentPglite(client);
  else instrumentPostgres(client);
  const options = (client as { options?: { max?: number } }).options;
  metrics().dbPoolMax.set({ driver: database.kind }, database.kind === 'pglite' ? 1 : (options?.max ?? 0));
  return database;
}
