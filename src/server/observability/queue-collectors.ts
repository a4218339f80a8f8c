import 'server-only';
import { Gauge, type Registry } from 'prom-client';
import { JOB_SCHEMA, jobBoss } from '@/server/jobs/boss';

interface QueueRow {
  name: string;
  state: string;
  count: number;
  oldest_seconds: number | null;
}

// Waiting jobs whose start time has come (a debounced job waiting out its quiet period is not late).
const QUEUE_DEPTH_SQL = `
  SELECT name, state::text AS state, count(*)::int AS count,
         max(extract(epoch FROM now() - start_after))::float8 AS oldest_seconds
    FROM ${JOB_SCHEMA}.job
   WHERE state IN ('created', 'retry', 'active') AND (state = 'active' OR start_after <= now())
   GROUP BY name, state`;

async function queueRows(): Promise<QueueRow[]> {
  const boss = await jobBoss();
  return (await boss.getDb().executeSql(QUEUE_DEPTH_SQL, [])).rows as QueueRow[];
}

/** Queue depth and the age of the oldest runnable job, read from pg-boss's table at scrape time (the same on every instance). */
export function registerQueueCollectors(registry: Registry): void {
  new Gauge({
    name: 'tally_job_queue_depth',
    help: 'Jobs in the queue by queue and state (created, retry: runnable and waiting; active: running).',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await queueRows()) this.set({ queue: row.name, state: row.state }, row.count);
    },
  });
  new Gauge({
    name: 'tally_job_queue_oldest_waiting_seconds',
    help: 'Age of the oldest runnable job that has not started, by queue: the queue lag.',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      const oldest = new Map<string, number>();
      for (const row of await queueRows()) {
        if (row.state === 'active' || row.oldest_seconds === null) continue;
        oldest.set(row.name, Math.max(oldest.get(row.name) ?? 0, row.oldest_seconds));
      }
      for (const [queue, seconds] of oldest) this.set({ queue }, seconds);
    },
  });
}
