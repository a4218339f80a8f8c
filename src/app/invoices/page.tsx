import { Link } from '@/components/link';
import { RecentActivity } from '@/components/comments/recent-activity';
import { FetchedAtStrip } from '@/components/fetched-at-strip';
import { InvoiceTable } from '@/components/invoice-table';
import { SummaryCard } from '@/components/summary-card';
import { Dashboard } from '@/components/invoices/dashboard';
import { InvoiceFilters } from '@/components/invoices/invoice-filters';
import { invoiceListHref, invoiceListQuery } from '@/lib/schemas/invoice';
import { orgToday } from '@/server/org/today';
import { requireViewer } from '@/server/auth/viewer';
import { getInvoiceListPage, getOrgSummary } from '@/server/invoices/cached';
import { invoiceViewsFor, mayCreateInvoice, mayListView } from '@/server/invoices/policy';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function InvoicesPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requireViewer();
  const query = invoiceListQuery.safeParse(await searchParams);
  if (!query.success) {
    return (
      <div className="card" role="alert">
        <p className="mb-2 font-medium">That page link is not valid.</p>
        <Link className="btn" href="/invoices">
          Back to the first page
        </Link>
      </div>
    );
  }
  const { view } = query.data;
  const visibleView = mayListView(viewer.active.role, view) ? view : 'active';
  const filter = { ...query.data, view: visibleView, after: null, before: null };
  const today = await orgToday(viewer.active.orgId);
  const [page, summary] = await Promise.all([
    getInvoiceListPage(viewer.active.orgId, { ...query.data, view: visibleView }, today),
    getOrgSummary(viewer.active.orgId),
  ]);
  const views = invoiceViewsFor(viewer.active.role);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Invoices</h1>
          <p className="text-sm text-slate-500">{viewer.active.orgName}</p>
        </div>
        <SummaryCard summary={summary} />
      </div>
      <Dashboard orgId={viewer.active.orgId} today={today} />
      <FetchedAtStrip list={page.fetchedAt} summary={summary.fetchedAt} />
      {view !== visibleView && (
        <p className="rounded bg-amber-50 p-2 text-sm text-amber-800">Only admins can see every invoice; showing active ones.</p>
      )}
      <nav className="flex gap-2 text-sm" aria-label="Invoice views">
        {views.map((v) => (
          <Link
            key={v}
            href={invoiceListHref({ view: v })}
            aria-current={v === visibleView ? 'page' : undefined}
            className={`rounded-full px-3 py-1 ${v === visibleView ? 'bg-indigo-600 text-white' : 'bg-white text-slate-700 ring-1 ring-slate-200'}`}
          >
            {v[0]?.toUpperCase()}
            {v.slice(1)}
          </Link>
        ))}
      </nav>
      <InvoiceFilters filter={filter} canCreate={mayCreateInvoice(viewer.active.role)} />
      <div className="grid gap-4 lg:grid-cols-[1fr_18rem]">
        <InvoiceTable items={page.items} today={today} />
        <RecentActivity orgId={viewer.active.orgId} />
      </div>
      <nav className="flex justify-between" aria-label="Pagination">
        {page.prevCursor !== null ? (
          <Link className="btn" href={invoiceListHref({ ...filter, before: page.prevCursor })} rel="prev">
            ← Newer
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor !== null && (
          <Link className="btn" href={invoiceListHref({ ...filter, after: page.nextCursor })} rel="next">
            Older →
          </Link>
        )}
      </nav>
    </div>
  );
}
