import { Link } from '@/components/link';
import { roleAtLeast } from '@/lib/roles';
import { requireViewer } from '@/server/auth/viewer';
import { getCustomers } from '@/server/customers/cached';

export default async function CustomersPage() {
  const viewer = await requireViewer();
  const { customers, fetchedAt } = await getCustomers(viewer.active.orgId, true);
  return (
    <div className="space-y-4">
      <div className="flex items-end justify-between">
        <div>
          <h1 className="text-2xl font-semibold">Customers</h1>
          <p className="text-xs text-slate-500">fetched {fetchedAt}</p>
        </div>
        {roleAtLeast(viewer.active.role, 'admin') && (
          <Link className="btn btn-primary" href="/customers/new" data-testid="new-customer">
            New customer
          </Link>
        )}
      </div>
      <table className="w-full overflow-hidden rounded-lg bg-white text-sm shadow-sm ring-1 ring-slate-200">
        <thead className="bg-slate-100 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-3 py-2">Name</th>
            <th className="px-3 py-2">Email</th>
            <th className="px-3 py-2">Tax id</th>
          </tr>
        </thead>
        <tbody>
          {customers.map((customer) => (
            <tr key={customer.id} className="border-t border-slate-100" data-testid="customer-row">
              <td className="px-3 py-2">
                <Link className="text-indigo-700 hover:underline" href={`/customers/${customer.id}`}>
                  {customer.name}
                </Link>
                {customer.archivedAt && (
                  <span className="ml-2 rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-800">archived</span>
                )}
              </td>
              <td className="px-3 py-2">{customer.email}</td>
              <td className="px-3 py-2">{customer.taxId ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
