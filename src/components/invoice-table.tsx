import { Link } from '@/components/link';
import { formatCents } from '@/lib/money';
import { invoiceLabel } from '@/lib/schemas/invoice';
import type { InvoiceRow } from '@/server/invoices/scoped';
import { isOverdue } from '@/lib/invoices/overdue';
import { StatusBadge } from './status-badge';

/** `today` is the org's local date: overdue is decided here, at render, never inside a cached read. */
export function InvoiceTable({ items, today }: { items: InvoiceRow[]; today: string }) {
  if (items.length === 0) return <p className="card text-sm text-slate-500">No invoices here.</p>;
  // Cell padding, row borders and link colour are set once on the table, not on each of the 100 cells:
  // every attribute here is sent twice (HTML and the RSC payload), once per row.
  return (
    <table className="w-full overflow-hidden rounded-lg bg-white text-sm shadow-sm ring-1 ring-slate-200 [&_a:hover]:underline [&_a]:text-indigo-700 [&_tbody_tr]:border-t [&_tbody_tr]:border-slate-100 [&_td]:px-3 [&_td]:py-2 [&_th]:px-3 [&_th]:py-2">
      <thead className="bg-slate-100 text-left text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th>Number</th>
          <th>Customer</th>
          <th className="text-right">Total</th>
          <th>Status</th>
          <th>Due</th>
        </tr>
      </thead>
      <tbody>
        {items.map((invoice) => (
          <tr key={invoice.number} data-testid="invoice-row" data-number={invoice.number}>
            <td className="font-mono">
              <Link href={`/invoices/${invoice.id}`}>{invoiceLabel(invoice)}</Link>
            </td>
            <td>{invoice.customerName}</td>
            <td className="text-right font-mono" data-testid="invoice-total">
              {formatCents(invoice.totalCents, invoice.currency)}
            </td>
            <td className="space-x-1">
              <StatusBadge status={invoice.status} />
              {isOverdue(invoice, today) && (
                <span className="rounded bg-red-600 px-2 py-0.5 text-xs text-white" data-testid="overdue-badge">
                  overdue
                </span>
              )}
              {invoice.deletedAt && <span className="rounded bg-red-600 px-2 py-0.5 text-xs text-white">deleted</span>}
              {invoice.archivedAt && !invoice.deletedAt && (
                <span className="rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-800">archived</span>
              )}
            </td>
            <td>{invoice.dueOn}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
