import 'server-only';
import type { z } from 'zod';
import { ensureQueue, JOB_SCHEMA, jobBoss, wakeLocalWorkers } from './boss';
import type { JobDefinition } from './define';

export interface Enqueued {
  id: string;
  /** True when an identical job was already waiting and this enqueue joined it. */
  deduped: boolean;
}

/** States after which a job will not run again. */
const FINAL_STATES = new Set(['completed', 'failed', 'cancelled']);

/**
 * Parses the payload (a bad one throws here, before anything is queued) and queues the job. With a
 * dedupe key, an enqueue while the same key already waits returns that waiting job instead.
 */
export async function enqueue<Payload extends z.ZodType>(job: JobDefinition<Payload>, input: z.input<Payload>): Promise<Enqueued> {
  const payload = job.payload.parse(input) as object;
  const boss = await jobBoss();
  await ensureQueue(boss, job);
  const singletonKey = job.dedupeKey?.(payload as z.output<Payload>);
  // The waiting job may start between our insert and our lookup; then a new one can be inserted.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const id = await boss.send(job.name, payload, singletonKey ? { singletonKey } : {});
    if (id) {
      wakeLocalWorkers(boss, job.name);
      return { id, deduped: false };
    }
    if (!singletonKey) break;
    const { rows } = await boss
      .getDb()
      .executeSql(`SELECT id FROM ${JOB_SCHEMA}.job WHERE name = $1 AND singleton_key = $2 AND state = 'created' LIMIT 1`, [
        job.name,
        singletonKey,
      ]);
    const waiting = rows[0] as { id: string } | undefined;
    if (waiting) return { id: waiting.id, deduped: true };
  }
  throw new Error(`Could not enqueue ${job.name}.`);
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
