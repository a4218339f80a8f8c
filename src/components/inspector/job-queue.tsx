import type { QueueStatus } from '@/server/jobs/queue-status';
import { InspectorTable } from './inspector-table';

/** The job queue as /inspector shows it: counts per queue, this org's latest runs, and the schedules. */
export function JobQueue({ status, worker }: { status: QueueStatus; worker: string }) {
  return (
    <div className="space-y-3 text-xs">
      <p className="text-slate-500">
        Worker: <span data-testid="job-worker">{worker}</span>. Schedules (UTC):{' '}
        {status.schedules.map((schedule) => (
          <span key={schedule.queue} className="font-mono" data-testid="job-schedule" data-queue={schedule.queue}>
            {schedule.queue} <span data-testid="job-schedule-cron">{schedule.cron}</span>
          </span>
        ))}
        {status.schedules.length === 0 ? 'none registered yet' : null}
      </p>
      <InspectorTable testId="job-queue-counts" headers={['Queue (all orgs)', 'Pending', 'Active', 'Completed', 'Failed']}>
        {status.queues.map((row) => (
          <tr key={row.queue} data-testid="job-queue-row" data-queue={row.queue} className="border-t border-slate-100">
            <td className="py-1">{row.queue}</td>
            <td className="py-1" data-testid="job-pending">
              {row.pending}
            </td>
            <td className="py-1" data-testid="job-active">
              {row.active}
            </td>
            <td className="py-1" data-testid="job-completed">
              {row.completed}
            </td>
            <td className={`py-1 ${row.failed > 0 ? 'text-red-700' : ''}`} data-testid="job-failed">
              {row.failed}
            </td>
          </tr>
        ))}
      </InspectorTable>
      <InspectorTable testId="job-runs" headers={['Started', 'Job', 'State', 'Attempt', 'Duration']}>
        {status.runs.map((run) => (
          <tr
            key={`${run.id}-${run.attempt}`}
            data-testid="job-run"
            data-queue={run.queue}
            data-state={run.state}
            className="border-t border-slate-100"
          >
            <td className="py-1">{run.startedAt.slice(11, 23)}</td>
            <td className="py-1">{run.queue}</td>
            <td className="py-1">{run.state}</td>
            <td className="py-1">{run.attempt}</td>
            <td className="py-1">{run.durationMs === null ? '…' : `${run.durationMs} ms`}</td>
          </tr>
        ))}
      </InspectorTable>
    </div>
  );
}
