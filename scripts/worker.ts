// `npm run worker`: works the job queue in its own process, on the database DATABASE_URL names.
// The web instances then run with TALLY_WORKER=0 (the default with DATABASE_URL). Its invalidations
// reach them through the shared Redis cache handler when REDIS_URL is set, or else through
// TALLY_REVALIDATE_URLS (see docs/decisions/010-job-queue.md).
// SIGTERM/SIGINT: stop taking jobs, let the active ones finish (30 s at most, then they are failed
// and so retried), close the database, exit.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { installCacheHandlerOutsideNext } from '@/server/cache/background-expire';
import { env } from '@/server/env';
import { database } from '@/server/db/client';
import { stopJobBoss } from '@/server/jobs/boss';
import { startJobWorkers } from '@/server/jobs/workers';
import { instanceName } from '@/server/instance';
import { logger } from '@/server/observability/logger';
import { flushTracing, startTracing } from '@/server/observability/tracing';

if (!env().DATABASE_URL) {
  logger.fatal('DATABASE_URL is not set: the embedded database belongs to the web process, which works the queue itself.');
  process.exit(1);
}

startTracing('tally-worker');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'worker: no new jobs; waiting for the active ones');
  await stopJobBoss({ graceful: true, timeoutMs: 30_000 });
  await (await database()).close();
  await flushTracing();
  logger.info('worker stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

if (env().REDIS_URL) {
  // The same handler module the web instances use. The worker only writes tag state, which is not per
  // build (decision 008), so without a build of its own any build id does: entries are never read here.
  if (!process.env.NEXT_DEPLOYMENT_ID && !existsSync(join(process.cwd(), '.next', 'BUILD_ID'))) {
    process.env.NEXT_DEPLOYMENT_ID = 'worker-without-build';
  }
  const { default: sharedCache } = await import('@tally/next-redis-cache/handler');
  installCacheHandlerOutsideNext(sharedCache);
}

try {
  await startJobWorkers();
} catch (error) {
  // A signal during startup stops pg-boss under the registration loop; the shutdown above is under way.
  if (!stopping) throw error;
}
if (!stopping)
  logger.info({ instance: instanceName(), concurrency: env().TALLY_JOB_CONCURRENCY }, 'worker working the job queue');
