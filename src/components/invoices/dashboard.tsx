import { dashboardTotals } from '@/lib/invoices/dashboard-totals';
import { formatCents } from '@/lib/money';
import { monthStart } from '@/lib/org-date';
import { getDashboard } from '@/server/invoices/cached';
import { PaidChart } from './paid-chart';

/** Outstanding, overdue and paid this month per currency, and the last 12 months of payments. */
export async function Dashboard({ orgId, today }: { orgId: string; today: string }) {
  const data = await getDashboard(orgId, monthStart(today, 11));
  const totals = dashboardTotals(data.outstanding, data.paid, today);
  if (totals.length === 0) return null;
  return (
    <section className="grid gap-4 md:grid-cols-2" aria-label="Dashboard">
      {totals.map((t) => (
        <div key={t.currency} className="card space-y-3" data-testid="dashboard-currency" data-currency={t.currency}>
          <dl className="grid grid-cols-3 gap-2 [&_dd]:text-lg [&_dd]:font-semibold [&_dt]:text-xs [&_dt]:uppercase [&_dt]:tracking-wide [&_dt]:text-slate-500">
            <Figure label="Outstanding" cents={t.outstandingCents} currency={t.currency} testId="dashboard-outstanding" />
            <Figure label="Overdue" cents={t.overdueCents} currency={t.currency} testId="dashboard-overdue" alert />
            <Figure label="Paid this month" cents={t.paidThisMonthCents} currency={t.currency} testId="dashboard-paid-month" />
          </dl>
          <PaidChart currency={t.currency} months={t.paidByMonth} />
        </div>
      ))}
    </section>
  );
}

function Figure({
  label,
  cents,
  currency,
  testId,
  alert,
}: {
  label: string;
  cents: number;
  currency: string;
  testId: string;
  alert?: boolean;
}) {
  return (
    <div>
      <dt>{label}</dt>
      <dd className={alert && cents > 0 ? 'text-red-700' : undefined} data-testid={testId}>
        {formatCents(cents, currency)}
      </dd>
    </div>
  );
}
