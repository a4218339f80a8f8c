import 'server-only';
import type PgBoss from 'pg-boss';
import postgres from 'postgres';
import { database } from '@/server/db/client';
import { closeWithBoss, ensureQueue, jobBoss, rememberLocalWorker, WAKE_CHANNEL, wakeLocalWorkers } from './boss';
import { JOBS } from './catalog';
import type { JobDefinition } from './define';
import { runAttempt } from './run-attempt';

/** How often an idle worker looks for work; an enqueue that wakes workers (see `wakeWorkers`) skips the wait. */
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
  await listenForWakeUps(boss);
  return boss;
}

/**
 * On Postgres, enqueues in other processes (a web instance that does not work the queue) wake this
 * one's workers through LISTEN/NOTIFY. PGlite is one process: its enqueues wake workers directly.
 */
async function listenForWakeUps(boss: PgBoss): Promise<void> {
  const connection = await database();
  if (connection.kind !== 'postgres') return;
  const listener = postgres(connection.url, { max: 1, onnotice: () => {} });
  closeWithBoss(() => listener.end({ timeout: 1 }));
  await listener.listen(WAKE_CHANNEL, (queue) => wakeLocalWorkers(boss, queue));
}
