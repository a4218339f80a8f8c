import 'server-only';
import { stopJobBoss } from '@/server/jobs/boss';
import { logger } from './logger';
import { inFlightRequests } from './request-spans';
import { flushTracing } from './tracing';

type QueueState = 'starting' | 'started' | 'failed';

interface Lifecycle {
  queue: QueueState;
  draining: boolean;
}

const holder = globalThis as typeof globalThis & { __tallyLifecycle?: Lifecycle };
const state = (): Lifecycle => (holder.__tallyLifecycle ??= { queue: 'starting', draining: false });

export const jobQueueState = (): QueueState => state().queue;
export const isDraining = (): boolean => state().draining;

export function markJobQueue(queue: QueueState): void {
  state().queue = queue;
}

const REQUESTS_TIMEOUT_MS = 25_000;
const JOBS_TIMEOUT_MS = 20_000;

/**
 * SIGTERM: readiness turns 503 at once (the proxy stops sending new requests), the requests in flight
 * finish (up to 25 s), the active jobs finish or, after 20 s, are failed so another worker retries
 * them, buffered spans are sent. Next closes its own HTTP server on SIGTERM and exits as soon as the
 * requests are done; with NEXT_MANUAL_SIG_HANDLE=1 (the Docker image) Next leaves the signal to this
 * drain, which then exits itself, after the jobs too.
 */
export async function drain(signal: string): Promise<void> {
  if (state().draining) return;
  state().draining = true;
  logger.info({ signal, inFlight: inFlightRequests() }, 'draining: no longer ready; finishing requests and jobs');
  const deadline = Date.now() + REQUESTS_TIMEOUT_MS;
  while (inFlightRequests() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  await stopJobBoss({ graceful: true, timeoutMs: JOBS_TIMEOUT_MS }).catch((error: unknown) =>
    logger.error({ err: error }, 'job queue did not stop cleanly'),
  );
  await flushTracing().catch(() => {});
  logger.info({ inFlight: inFlightRequests() }, 'drained');
  if (process.env.NEXT_MANUAL_SIG_HANDLE) process.exit(0);
}
