import 'server-only';
import { runsJobWorkerInWebProcess } from '@/server/env';
import { jobBoss, stopJobBoss } from './boss';
import { startJobWorkers } from './workers';

/**
 * Starts the queue from instrumentation's register(), outside any request: job handlers (and the
 * timers pg-boss keeps) then never run inside a request's context, so a job's invalidation is
 * eventual like a separate worker's. Workers start only where the web process is meant to work the
 * queue (TALLY_WORKER, on by default for the embedded database); otherwise this process only enqueues.
 */
export function startWebProcessJobs(): void {
  const worker = runsJobWorkerInWebProcess();
  (worker ? startJobWorkers() : jobBoss()).then(
    () => console.log(worker ? '[tally] job worker running in this web process' : '[tally] job queue ready (no worker in this process)'),
    (error: unknown) => console.error('[tally] job queue did not start:', error),
  );
  // Next exits on SIGTERM by itself, possibly before this finishes (a job left active is retried once
  // it expires); with NEXT_MANUAL_SIG_HANDLE=1 the exit waits for the active job instead.
  process.once('SIGTERM', () => {
    void stopJobBoss({ graceful: true, timeoutMs: 10_000 }).finally(() => {
      if (process.env.NEXT_MANUAL_SIG_HANDLE) process.exit(0);
    });
  });
}
