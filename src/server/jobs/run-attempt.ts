import 'server-only';
import type PgBoss from 'pg-boss';
import { logger } from '@/server/observability/logger';
import { countJobFailure, observeJobAttempt, splitTraceContext } from '@/server/observability/job-telemetry';
import { deadLetterQueueOf, type JobDefinition } from './define';

/**
 * One attempt of a job: the payload is parsed again (a job row may come from an older release or from
 * SQL), then the handler runs. A failure is logged with what happens next and rethrown, so pg-boss
 * schedules the retry or moves the job to the dead-letter queue.
 */
export async function runAttempt(job: JobDefinition, row: PgBoss.JobWithMetadata): Promise<unknown> {
  const attempt = { id: row.id, number: row.retryCount + 1, limit: row.retryLimit + 1 };
  const started = performance.now();
  const { payload, links } = splitTraceContext(row.data);
  try {
    return await observeJobAttempt(job.name, row, links, () => job.run(job.payload.parse(payload), attempt));
  } catch (error) {
    const retries = attempt.number < attempt.limit;
    const next = retries ? 'will retry with exponential backoff' : `no retries left, moved to ${deadLetterQueueOf(job)}`;
    countJobFailure(job.name, retries);
    const durationMs = Math.round(performance.now() - started);
    const reason = error instanceof Error ? error.message : String(error);
    logger.error(
      { err: error, job: job.name, jobId: row.id, attempt: attempt.number, attempts: attempt.limit, durationMs },
      `job ${job.name} ${row.id} attempt ${attempt.number}/${attempt.limit} failed after ${durationMs} ms: ${reason}; ${next}`,
    );
    throw error;
  }
}
