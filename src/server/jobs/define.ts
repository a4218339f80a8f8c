import 'server-only';
import type { z } from 'zod';

/** What a handler learns about the attempt it runs in. */
export interface JobAttempt {
  id: string;
  /** 1 for the first run, 2 for the first retry, and so on. */
  number: number;
  /** Runs allowed in all: the first one plus the retries. */
  limit: number;
}

export interface RetryPolicy {
  /** Retries after the first run fails; then the job goes to the dead-letter queue. */
  retryLimit: number;
  /** Seconds before the first retry; doubled (with jitter) for each one after it. */
  retryDelay: number;
  /** A run still active after this long is failed and retried: how a killed worker's job comes back. */
  expireInSeconds: number;
}

/**
 * Enqueues with the same key collapse into the one that waits: at most one waits and one runs per key
 * (pg-boss's `stately` policy). The waiting one starts only after `quietSeconds` without a new enqueue
 * (a debounce), but never later than `maxWaitSeconds` after it was first enqueued, so a steady stream
 * of enqueues still runs.
 */
export interface Dedupe<Payload> {
  // Method syntax: a job with a specific payload still fits a list of JobDefinition.
  key(payload: Payload): string;
  quietSeconds: number;
  maxWaitSeconds: number;
}

/**
 * A job, defined once: its queue name, the payload schema (parsed when it is enqueued and again when
 * it runs), the handler, and how its queue behaves.
 */
export interface JobDefinition<Payload extends z.ZodType = z.ZodType> {
  name: string;
  payload: Payload;
  /** Without it every enqueue runs once. */
  dedupe?: Dedupe<z.output<Payload>>;
  retry: RetryPolicy;
  /** How many of these run at once in one worker process. */
  concurrency: () => number;
  /** A cron expression (UTC) on which the job is enqueued with an empty payload. */
  schedule?: () => string;
  run(payload: z.output<Payload>, attempt: JobAttempt): Promise<unknown>;
}

export function defineJob<Payload extends z.ZodType>(definition: JobDefinition<Payload>): JobDefinition<Payload> {
  return definition;
}

/** Where a job lands once its retries are spent. */
export const deadLetterQueueOf = (job: Pick<JobDefinition, 'name'>) => `${job.name}.dead`;
