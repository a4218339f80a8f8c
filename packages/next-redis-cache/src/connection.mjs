// @ts-check
import { Cluster, Redis } from 'ioredis';
import { withScripts } from './scripts.mjs';

/**
 * Two lazy connections to Redis (commands, and a subscriber), with outage handling: while Redis is
 * unreachable `client()` answers null at once (no queueing, so requests fall back to the database
 * without waiting), the outage is logged once, and `onRecovered` runs when Redis answers again.
 *
 * With `clusterNodes` (host:port seeds) it speaks Redis Cluster; every script's keys share a slot.
 *
 * @param {{
 *   url?: string,
 *   clusterNodes?: string[],
 *   channels: () => string[],
 *   onMessage: (channel: string, message: string) => void,
 *   onRecovered: () => void,
 *   log?: (message: string) => void,
 * }} options
 */
export function createConnection({ url, clusterNodes, channels, onMessage, onRecovered, log = (m) => console.warn(m) }) {
  const common = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    commandTimeout: 1000,
    retryStrategy: (/** @type {number} */ attempt) => Math.min(attempt * 100, 1000),
  };
  /** @param {Omit<typeof common, 'commandTimeout'> & { commandTimeout?: number }} options */
  const open = (options) => {
    if (!clusterNodes?.length) return new Redis(url ?? '', options);
    const { retryStrategy, ...redisOptions } = options;
    return new Cluster(
      clusterNodes.map((node) => {
        const [host, port] = node.split(':');
        return { host, port: Number(port) };
      }),
      { lazyConnect: true, enableOfflineQueue: false, clusterRetryStrategy: retryStrategy, redisOptions },
    );
  };
  const commands = withScripts(open(common));
  const subscriber = open({ ...common, commandTimeout: undefined });
  let started = false;
  let everReady = false;
  let outage = false;
  /** @type {Promise<unknown> | undefined} */
  let firstConnection;

  /** @param {unknown} error */
  function reportError(error) {
    if (outage) return;
    outage = true;
    log(
      `[next-redis-cache] Redis cache unavailable (${error instanceof Error ? error.message : String(error)}); serving from the database until it is back.`,
    );
  }

  function reportSuccess() {
    if (!outage) return;
    outage = false;
    log('[next-redis-cache] Redis cache reachable again; local layer dropped, failed invalidations replayed.');
    onRecovered();
  }

  commands.on('error', reportError);
  subscriber.on('error', reportError);
  commands.on('ready', () => {
    // The first connection also replays invalidations that failed before Redis was ever reached.
    if (!everReady) onRecovered();
    everReady = true;
    reportSuccess();
  });
  subscriber.on('message', onMessage);
  subscriber.on('ready', () => {
    subscriber.subscribe(...channels()).catch(reportError);
  });

  function start() {
    if (started) return;
    started = true;
    commands.connect().catch(reportError);
    subscriber.connect().catch(reportError);
  }

  return {
    /** The command connection if it is ready now, without waiting (a hit's fast path); else undefined. */
    readyClient: () => (commands.status === 'ready' ? commands : undefined),
    /** The command connection when it is usable; waits for the very first connection only. */
    async client() {
      start();
      if (commands.status === 'ready') return commands;
      // Before the first connection, wait for it once; during an outage, answer at once.
      if (everReady || outage) return null;
      await (firstConnection ??= new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          commands.off('ready', done).off('error', done);
          resolve(undefined);
        };
        const timer = setTimeout(done, common.connectTimeout);
        commands.once('ready', done).once('error', done);
      }));
      return /** @type {string} */ (commands.status) === 'ready' ? commands : null;
    },
    reportError,
    /** Called after a Redis call succeeded: ends an outage that dropped no connection (timeouts). */
    reportSuccess,
    get healthy() {
      return commands.status === 'ready' && !outage;
    },
    async close() {
      commands.disconnect();
      subscriber.disconnect();
    },
  };
}

/** @typedef {ReturnType<typeof createConnection>} Connection */
