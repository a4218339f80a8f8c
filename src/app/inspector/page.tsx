import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { ActionForm } from '@/components/action-form';
import { CacheCounters } from '@/components/inspector/cache-counters';
import { FetchedAtStrip } from '@/components/fetched-at-strip';
import { ForceUpdateTag } from '@/components/inspector/force-update-tag';
import { IdentityPanel } from '@/components/inspector/identity-panel';
import { InvalidationLog } from '@/components/inspector/invalidation-log';
import { JobQueue } from '@/components/inspector/job-queue';
import { MisuseToggle } from '@/components/inspector/misuse-toggle';
import { TargetActions } from '@/components/inspector/target-actions';
import { SummaryCard } from '@/components/summary-card';
import { isDemoMode, runsJobWorkerInWebProcess } from '@/server/env';
import { formatCents } from '@/lib/money';
import { roleAtLeast } from '@/lib/roles';
import { DEFAULT_LIST_QUERY, formatInvoiceNumber } from '@/lib/schemas/invoice';
import { requireViewer } from '@/server/auth/viewer';
import { orgToday } from '@/server/org/today';
import type { ActionState } from '@/server/authed-action';
import { cacheHandlerStats } from '@/server/cache/handler-stats';
import { recentInvalidations } from '@/server/cache/log';
import { flashFor, takeFlash } from '@/server/flash';
import { isMisuseOn } from '@/server/demo/misuse-flag';
import { flushOrgAction, importInvoicesAction, runSummaryTask } from '@/server/inspector/actions';
import { inspectorTarget } from '@/server/inspector/target';
import { getInvoiceListPage, getInvoiceRecord, getOrgSummary } from '@/server/invoices/cached';
import { instanceName } from '@/server/instance';
import { queueStatus } from '@/server/jobs/queue-status';

const SAMPLE_IMPORT = [
  'Initrode Ltd, ap@initrode.test, 2026-12-31, 1200.00',
  'Hooli, billing@hooli.test, 2027-01-15, 349.99',
].join('\n');

/** The observable surface of the cache: fetch times, the buttons that write, and the invalidation log. */
export default async function InspectorPage({ searchParams }: { searchParams: Promise<{ flash?: string }> }) {
  await connection();
  const viewer = await requireViewer();
  if (!roleAtLeast(viewer.active.role, 'admin')) notFound();
  const orgId = viewer.active.orgId;
  const target = await inspectorTarget(orgId);
  const [list, summary, record, misuse, log, jobs] = await Promise.all([
    getInvoiceListPage(orgId, DEFAULT_LIST_QUERY, await orgToday(orgId)),
    getOrgSummary(orgId),
    target ? getInvoiceRecord(orgId, target.id) : null,
    isMisuseOn(orgId),
    recentInvalidations(orgId),
    queueStatus(orgId),
  ]);
  const listed = target && list.items.find((row) => row.id === target.id);
  const flash = await takeFlash((await searchParams).flash, viewer.userId);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Cache inspector</h1>
          <p className="text-sm text-slate-500">
            Rendered by <span data-testid="rendered-by">{instanceName()}</span>
          </p>
        </div>
        <SummaryCard summary={summary} />
      </div>
      <FetchedAtStrip list={list.fetchedAt} summary={summary.fetchedAt} record={record?.fetchedAt} />
      <section className="card space-y-2" aria-label="Cache counters">
        <h2 className="font-semibold">Cache on this instance</h2>
        <CacheCounters instance={instanceName()} stats={cacheHandlerStats()} />
      </section>
      <IdentityPanel viewer={viewer} demo={isDemoMode()} />

      <section className="card space-y-3" aria-label="Writes">
        <h2 className="font-semibold">Writes</h2>
        {target ? (
          <>
            <p className="text-sm">
              Target{' '}
              <span className="font-mono" data-testid="target-number">
                {formatInvoiceNumber(target.number)}
              </span>
              : record total{' '}
              <span className="font-mono" data-testid="record-total">
                {formatCents(record?.invoice?.totalCents ?? 0)}
              </span>
              , list shows{' '}
              <span className="font-mono" data-testid="list-target-amount">
                {listed ? formatCents(listed.totalCents) : 'not in the active list'}
              </span>
              {target.archivedAt ? ' (archived)' : ''}
            </p>
            <TargetActions target={target} flash={flash} />
          </>
        ) : (
          <p className="text-sm text-slate-500">This organization has no invoice left to act on.</p>
        )}
        <div className="flex flex-wrap gap-2">
          <ActionForm action={runSummaryTask} initialState={flashFor<ActionState<never, never>>(flash, 'inspector.summary')}>
            <button className="btn" data-testid="run-summary-task">
              Run summary task
            </button>
          </ActionForm>
          <ActionForm action={flushOrgAction} initialState={flashFor<ActionState<never, never>>(flash, 'org.flush')}>
            <button className="btn btn-danger" data-testid="flush-org">
              Flush organization cache
            </button>
          </ActionForm>
        </div>
        <MisuseToggle on={misuse} initialState={flashFor<ActionState<never, never>>(flash, 'inspector.misuse')} />
      </section>

      <section className="card space-y-2" aria-label="Import">
        <h2 className="font-semibold">Import invoices</h2>
        <ActionForm
          action={importInvoicesAction}
          className="space-y-2"
          initialState={flashFor<ActionState<never, never>>(flash, 'invoice.import')}
        >
          <label htmlFor="csv" className="block text-sm">
            One invoice per line: customer, email, due date, amount
          </label>
          <textarea id="csv" name="csv" rows={3} className="input font-mono" defaultValue={SAMPLE_IMPORT} />
          <button className="btn" data-testid="import-invoices">
            Import invoices
          </button>
        </ActionForm>
      </section>

      <section className="card space-y-2" aria-label="Job queue">
        <h2 className="font-semibold">Job queue</h2>
        <JobQueue
          status={jobs}
          worker={runsJobWorkerInWebProcess() ? 'in this web process' : 'a separate process (npm run worker)'}
        />
      </section>

      <section className="card space-y-2" aria-label="Route handler">
        <h2 className="font-semibold">updateTag outside a Server Action</h2>
        <ForceUpdateTag />
      </section>

      <section className="card space-y-2" aria-label="Invalidation log">
        <h2 className="font-semibold">Invalidation log (newest first, shared by every instance)</h2>
        <InvalidationLog rows={log} />
      </section>
    </div>
  );
}
