import 'server-only';
import type PgBoss from 'pg-boss';
import { ensureQueue, jobBoss, rememberLocalWorker } from './boss';
import { JOBS } from './catalog';
import type { JobDefinition } from './define';
import { runAttempt } from './run-attempt';

/** How often an idle worker looks for work; a local enqueue wakes it at once. */
const POLLING_SECONDS = 1;

/**
 * Makes this process work the given jobs: `concurrency()` workers per job, each running one job at a
 * time, and registers the jobs' cron schedules. Call it outside any request.
 */
export async function startJobWorkers(jobs: readonly JobDefinition[] = JOBS): Promise<PgBoss> {
  const boss = await jobBoss();
  for (const job of jobs) {
    await ensureQueue(boss, job);
    for (let slot = 0; slot < job.concurrency(); slot += 1) {
      const id = await boss.work<object>(job.name, { pollingIntervalSeconds: POLLING_SECONDS, includeMetadata: true }, ([row]) =>
        runAttempt(job, row!),
      );
      rememberLocalWorker(job.name, id);
    }
    const cron = job.schedule?.();
    if (cron) await boss.schedule(job.name, cron, {}, { tz: 'UTC' });
  }
  return boss;
}
