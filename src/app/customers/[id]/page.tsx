import { notFound } from 'next/navigation';
import { ArchiveCustomerButton } from '@/components/customers/archive-customer-button';
import { CustomerForm } from '@/components/customers/customer-form';
import { InvoiceTable } from '@/components/invoice-table';
import { dashboardTotals } from '@/lib/invoices/dashboard-totals';
import { formatCents } from '@/lib/money';
import { roleAtLeast } from '@/lib/roles';
import { customerId, DEFAULT_LIST_QUERY, invoiceListHref } from '@/lib/schemas/invoice';
import { requireViewer } from '@/server/auth/viewer';
import { getCustomer } from '@/server/customers/cached';
import { flashFor, takeFlash } from '@/server/flash';
import { getInvoiceListPage } from '@/server/invoices/cached';
import { orgToday } from '@/server/org/today';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ flash?: string }> };

/** A customer, what they owe (overdue summed at render), their latest invoices, and (admins) the edit form. */
export default async function CustomerPage({ params, searchParams }: Props) {
  const viewer = await requireViewer();
  const id = customerId.safeParse((await params).id);
  if (!id.success) notFound();
  const orgId = viewer.active.orgId;
  const today = await orgToday(orgId);
  const query = { ...DEFAULT_LIST_QUERY, customer: id.data.toLowerCase() };
  const [{ customer, outstanding }, invoices] = await Promise.all([
    getCustomer(orgId, id.data),
    getInvoiceListPage(orgId, query, today),
  ]);
  if (!customer) notFound();
  const totals = dashboardTotals(outstanding, [], today);
  const isAdmin = roleAtLeast(viewer.active.role, 'admin');
  const flash = isAdmin ? await takeFlash((await searchParams).flash, viewer.userId) : null;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold" data-testid="customer-name">
            {customer.name}
          </h1>
          <p className="whitespace-pre-line text-sm text-slate-600">
            {[customer.email, customer.billingAddress, customer.taxId].filter(Boolean).join('\n')}
          </p>
        </div>
        <dl className="card flex gap-6 py-3" data-testid="customer-balance">
          {totals.length === 0 ? (
            <div>
              <dt className="text-xs uppercase text-slate-500">Outstanding</dt>
              <dd className="text-xl font-semibold">nothing</dd>
            </div>
          ) : (
            totals.map((t) => (
              <div key={t.currency}>
                <dt className="text-xs uppercase text-slate-500">Outstanding ({t.currency})</dt>
                <dd className="text-xl font-semibold" data-testid="customer-outstanding">
                  {formatCents(t.outstandingCents, t.currency)}
                </dd>
                <dd className="text-sm text-red-700">{formatCents(t.overdueCents, t.currency)} overdue</dd>
              </div>
            ))
          )}
        </dl>
      </div>
      <InvoiceTable items={invoices.items} today={today} />
      <a className="text-sm text-indigo-700 underline" href={invoiceListHref(query)}>
        All of {customer.name}’s invoices
      </a>
      {isAdmin && (
        <>
          <CustomerForm
            key={customer.name + customer.email}
            customer={customer}
            initialState={flashFor(flash, 'customer.update')}
          />
          <ArchiveCustomerButton customer={customer} />
        </>
      )}
    </div>
  );
}
