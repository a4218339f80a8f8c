import 'server-only';
import type { z } from 'zod';
import { ensureQueue, JOB_SCHEMA, jobBoss, wakeLocalWorkers } from './boss';
import { withTraceContext } from '@/server/observability/job-telemetry';
import type { Dedupe, JobDefinition } from './define';

export interface Enqueued {
  id: string;
  /** True when a job with the same dedupe key was already waiting and this enqueue joined it. */
  deduped: boolean;
}

/** States after which a job will not run again. */
const FINAL_STATES = new Set(['completed', 'failed', 'cancelled']);

/**
 * Parses the payload (a bad one throws here, before anything is queued) and queues the job. With
 * dedupe, an enqueue while a job with the same key waits joins that job and pushes its start back.
 */
export async function enqueue<Payload extends z.ZodType>(job: JobDefinition<Payload>, input: z.input<Payload>): Promise<Enqueued> {
  const payload: z.output<Payload> = job.payload.parse(input);
  const boss = await jobBoss();
  await ensureQueue(boss, job);
  if (!job.dedupe) {
    const id = await boss.send(job.name, withTraceContext(payload as object));
    if (!id) throw new Error(`Could not enqueue ${job.name}.`);
    wakeLocalWorkers(boss, job.name);
    return { id, deduped: false };
  }
  const key = job.dedupe.key(payload);
  // The waiting job may start between a refused insert and the update; then a new one can be inserted.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const id = await boss.send(job.name, withTraceContext(payload as object), { singletonKey: key, startAfter: job.dedupe.quietSeconds });
    if (id) return { id, deduped: false };
    const joined = await postponeWaiting(job.name, key, job.dedupe);
    if (joined) return { id: joined, deduped: true };
  }
  throw new Error(`Could not enqueue ${job.name}.`);
}

async function postponeWaiting(queue: string, key: string, { quietSeconds, maxWaitSeconds }: Dedupe<unknown>): Promise<string | null> {
  const { rows } = await (await jobBoss()).getDb().executeSql(
    `UPDATE ${JOB_SCHEMA}.job
        SET start_after = LEAST(now() + $3 * interval '1 second', created_on + $4 * interval '1 second')
      WHERE name = $1 AND singleton_key = $2 AND state = 'created'
      RETURNING id`,
    [queue, key, quietSeconds, maxWaitSeconds],
  );
  return (rows[0] as { id: string } | undefined)?.id ?? null;
}

/** Waits until the job completed or failed for good (retries included); null when it is still going at the deadline. */
export async function waitForJob(job: Pick<JobDefinition, 'name'>, id: string, timeoutMs: number): Promise<string | null> {
  const boss = await jobBoss();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await boss.getJobById(job.name, id, { includeArchive: true });
    if (found && FINAL_STATES.has(found.state)) return found.state;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return null;
}
