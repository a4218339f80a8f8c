import 'server-only';
import type { z } from 'zod';
import { ensureQueue, JOB_SCHEMA, jobBoss, wakeWorkers } from './boss';
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
 * `immediate` is for a person waiting on the result: no debounce (a waiting job starts now) and the
 * workers of every process are woken instead of finding the job at their next poll.
 */
export async function enqueue<Payload extends z.ZodType>(
  job: JobDefinition<Payload>,
  input: z.input<Payload>,
  { immediate = false }: { immediate?: boolean } = {},
): Promise<Enqueued> {
  const payload: z.output<Payload> = job.payload.parse(input);
  const boss = await jobBoss();
  await ensureQueue(boss, job);
  const queued = await send(job, payload, immediate);
  if (immediate || !job.dedupe) await wakeWorkers(boss, job.name);
  return queued;
}

async function send<Payload extends z.ZodType>(
  job: JobDefinition<Payload>,
  payload: z.output<Payload>,
  immediate: boolean,
): Promise<Enqueued> {
  const boss = await jobBoss();
  if (!job.dedupe) {
    const id = await boss.send(job.name, withTraceContext(payload as object));
    if (!id) throw new Error(`Could not enqueue ${job.name}.`);
    return { id, deduped: false };
  }
  const key = job.dedupe.key(payload);
  const quietSeconds = immediate ? 0 : job.dedupe.quietSeconds;
  // The waiting job may start between a refused insert and the update; then a new one can be inserted.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const id = await boss.send(job.name, withTraceContext(payload as object), { singletonKey: key, startAfter: quietSeconds });
    if (id) return { id, deduped: false };
    const joined = await postponeWaiting(job.name, key, { ...job.dedupe, quietSeconds });
    if (joined) return { id: joined, deduped: true };
  }
  throw new Error(`Could not enqueue ${job.name}.`);
}

async function postponeWaiting(
  queue: string,
  key: string,
  { quietSeconds, maxWaitSeconds }: Pick<Dedupe<unknown>, 'quietSeconds' | 'maxWaitSeconds'>,
): Promise<string | null> {
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
    // A person is waiting: a short step keeps the redirect close behind the job's end.
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return null;
}
