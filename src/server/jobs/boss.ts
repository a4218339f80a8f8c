import 'server-only';
import PgBoss from 'pg-boss';
import { database } from '@/server/db/client';
import type { Connection } from '@/server/db/open';
import { logger } from '@/server/observability/logger';
import { deadLetterQueueOf, type JobDefinition } from './define';

/** pg-boss keeps its tables in this schema of the app's own database: no other infrastructure. */
export const JOB_SCHEMA = 'pgboss';

interface BossState {
  boss: Promise<PgBoss>;
  queues: Map<string, Promise<void>>;
  /** This process's worker ids per queue, so a local enqueue can wake them instead of waiting for their next poll. */
  workers: Map<string, string[]>;
}

const holder = globalThis as typeof globalThis & { __tallyJobBoss?: BossState };

/**
 * On PGlite pg-boss shares the app's single instance: SQL with parameters goes through `query`,
 * parameterless SQL (its migrations send several statements at once) through `exec`.
 */
function connectionOptions(connection: Connection): PgBoss.ConstructorOptions {
  if (connection.kind === 'postgres') return { connectionString: connection.url, max: 4 };
  const { client } = connection;
  return {
    db: {
      executeSql: async (text, values) =>
        values && values.length > 0 ? client.query(text, values) : ((await client.exec(text)).at(-1) ?? { rows: [] }),
    },
  };
}

async function startBoss(): Promise<PgBoss> {
  const boss = new PgBoss({
    ...connectionOptions(await database()),
    schema: JOB_SCHEMA,
    // Every instance may supervise and keep the cron clock: pg-boss elects one per interval through the database.
    supervise: true,
    schedule: true,
    maintenanceIntervalSeconds: 30,
  });
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  await boss.start();
  return boss;
}

/** The process's pg-boss, started (tables migrated) on first use, on the same database as the app. */
export function jobBoss(): Promise<PgBoss> {
  const state = (holder.__tallyJobBoss ??= { boss: startBoss(), queues: new Map(), workers: new Map() });
  state.boss.catch(() => {
    if (holder.__tallyJobBoss === state) holder.__tallyJobBoss = undefined;
  });
  return state.boss;
}

/** Creates the job's queue and its dead-letter queue, and brings their settings up to date; once per process. */
export function ensureQueue(boss: PgBoss, job: JobDefinition): Promise<void> {
  const queues = holder.__tallyJobBoss?.queues ?? new Map<string, Promise<void>>();
  let ready = queues.get(job.name);
  if (!ready) {
    const options: PgBoss.Queue = {
      name: job.name,
      policy: job.dedupe ? 'stately' : 'standard',
      retryLimit: job.retry.retryLimit,
      retryDelay: job.retry.retryDelay,
      retryBackoff: true,
      expireInSeconds: job.retry.expireInSeconds,
      deadLetter: deadLetterQueueOf(job),
    };
    ready = (async () => {
      await boss.createQueue(deadLetterQueueOf(job));
      await boss.createQueue(job.name, options);
      await boss.updateQueue(job.name, options);
    })();
    ready.catch(() => queues.delete(job.name));
    queues.set(job.name, ready);
  }
  return ready;
}

export function rememberLocalWorker(queue: string, workerId: string): void {
  const workers = holder.__tallyJobBoss?.workers;
  workers?.set(queue, [...(workers.get(queue) ?? []), workerId]);
}

export function wakeLocalWorkers(boss: PgBoss, queue: string): void {
  for (const id of holder.__tallyJobBoss?.workers.get(queue) ?? []) boss.notifyWorker(id);
}

/**
 * Stops taking jobs; graceful waits up to `timeoutMs` for the active ones to finish, then fails what
 * is still running so it is retried (elsewhere, or here after a restart).
 */
export async function stopJobBoss({ graceful = true, timeoutMs = 30_000 } = {}): Promise<void> {
  const state = holder.__tallyJobBoss;
  if (!state) return;
  holder.__tallyJobBoss = undefined;
  const boss = await state.boss.catch(() => null);
  await boss?.stop({ graceful, timeout: timeoutMs, wait: true });
}
