import 'server-only';
import { runsJobWorkerInWebProcess } from '@/server/env';
import { markJobQueue } from '@/server/observability/lifecycle';
import { logger } from '@/server/observability/logger';
import { jobBoss } from './boss';
import { startJobWorkers } from './workers';

/**
 * Starts the queue from instrumentation's register(), outside any request: job handlers (and the
 * timers pg-boss keeps) then never run inside a request's context, so a job's invalidation is
 * eventual like a separate worker's. Workers start only where the web process is meant to work the
 * queue (TALLY_WORKER, on by default for the embedded database); otherwise this process only enqueues.
 * SIGTERM stops the queue through the drain (src/server/observability/lifecycle.ts).
 */
export function startWebProcessJobs(): void {
  void startQueue(runsJobWorkerInWebProcess());
}

const RETRY_MS = 5_000;

/** Retried until it starts: a database that is down at boot must not leave the instance unready for good. */
async function startQueue(worker: boolean): Promise<void> {
  for (;;) {
    try {
      await (worker ? startJobWorkers() : jobBoss());
      markJobQueue('started');
      logger.info(worker ? 'job worker running in this web process' : 'job queue ready (no worker in this process)');
      return;
    } catch (error) {
      markJobQueue('failed');
      logger.error({ err: error }, `job queue did not start; retrying in ${RETRY_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}
