import 'server-only';
import type PgBoss from 'pg-boss';
import { deadLetterQueueOf, type JobDefinition } from './define';

/**
 * One attempt of a job: the payload is parsed again (a job row may come from an older release or from
 * SQL), then the handler runs. A failure is logged with what happens next and rethrown, so pg-boss
 * schedules the retry or moves the job to the dead-letter queue.
 */
export async function runAttempt(job: JobDefinition, row: PgBoss.JobWithMetadata): Promise<unknown> {
  const attempt = { id: row.id, number: row.retryCount + 1, limit: row.retryLimit + 1 };
  const started = performance.now();
  try {
    return await job.run(job.payload.parse(row.data), attempt);
  } catch (error) {
    const next =
      attempt.number < attempt.limit ? 'will retry with exponential backoff' : `no retries left, moved to ${deadLetterQueueOf(job)}`;
    const reason = error instanceof Error ? error.message : String(error);
    console.error(
      `[tally] job ${job.name} ${row.id} attempt ${attempt.number}/${attempt.limit} failed after ${Math.round(performance.now() - started)} ms: ${reason}; ${next}`,
    );
    throw error;
  }
}
