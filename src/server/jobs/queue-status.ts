import 'server-only';
import { JOB_SCHEMA, jobBoss } from './boss';
import { JOBS } from './catalog';
import { summaryReconcileJob } from './summary-reconcile';

export interface QueueCounts {
  queue: string;
  pending: number;
  active: number;
  completed: number;
  failed: number;
}

export interface JobRun {
  id: string;
  queue: string;
  state: string;
  attempt: number;
  startedAt: string;
  durationMs: number | null;
}

export interface QueueStatus {
  queues: QueueCounts[];
  runs: JobRun[];
  schedules: { queue: string; cron: string }[];
}

const QUEUE_NAMES = JOBS.map((job) => job.name);

// Live jobs, and those archived after completing (kept 7 days by pg-boss).
const ALL_JOBS = `(SELECT name, id, state, data, retry_count, started_on, completed_on FROM ${JOB_SCHEMA}.job
  UNION ALL SELECT name, id, state, data, retry_count, started_on, completed_on FROM ${JOB_SCHEMA}.archive)`;

/**
 * What /inspector shows of the queue: counts per queue (all organizations: numbers only), and the
 * latest runs that concern this org (its own jobs, and the schedule that reconciles every org).
 */
export async function queueStatus(orgId: string, limit = 8): Promise<QueueStatus> {
  const boss = await jobBoss();
  const sql = boss.getDb();
  const counts = await sql.executeSql(
    `SELECT name, state::text AS state, count(*)::int AS count FROM ${ALL_JOBS} j WHERE name = ANY($1) GROUP BY name, state`,
    [QUEUE_NAMES],
  );
  const runs = await sql.executeSql(
    `SELECT id, name, state::text AS state, retry_count, started_on,
            (extract(epoch FROM completed_on - started_on) * 1000)::float8 AS duration_ms
       FROM ${ALL_JOBS} j
      WHERE name = ANY($1) AND started_on IS NOT NULL AND (data->>'orgId' = $2 OR name = $3)
      ORDER BY started_on DESC LIMIT $4`,
    [QUEUE_NAMES, orgId, summaryReconcileJob.name, limit],
  );
  const schedules = await boss.getSchedules();
  return {
    queues: QUEUE_NAMES.map((queue) => {
      const of = (...states: string[]) =>
        (counts.rows as { name: string; state: string; count: number }[])
          .filter((row) => row.name === queue && states.includes(row.state))
          .reduce((sum, row) => sum + row.count, 0);
      return { queue, pending: of('created', 'retry'), active: of('active'), completed: of('completed'), failed: of('failed') };
    }),
    runs: (
      runs.rows as {
        id: string;
        name: string;
        state: string;
        retry_count: number;
        started_on: Date;
        duration_ms: number | null;
      }[]
    ).map((row) => ({
      id: row.id,
      queue: row.name,
      state: row.state,
      attempt: row.retry_count + 1,
      startedAt: new Date(row.started_on).toISOString(),
      durationMs: row.duration_ms === null ? null : Math.round(row.duration_ms),
    })),
    schedules: schedules.map((schedule) => ({ queue: schedule.name, cron: schedule.cron })),
  };
}
