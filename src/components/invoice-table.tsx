import Link from 'next/link';
import { formatCents } from '@/lib/money';
import { invoiceLabel } from '@/lib/schemas/invoice';
import type { InvoiceRow } from '@/server/invoices/scoped';
import { isOverdue } from '@/lib/invoices/overdue';
import { StatusBadge } from './status-badge';

/** `today` is the org's local date: overdue is decided here, at render, never inside a cached read. */
export function InvoiceTable({ items, today }: { items: InvoiceRow[]; today: string }) {
  if (items.length === 0) return <p className="card text-sm text-slate-500">No invoices here.</p>;
  return (
    <table className="w-full overflow-hidden rounded-lg bg-white text-sm shadow-sm ring-1 ring-slate-200">
      <thead className="bg-slate-100 text-left text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th className="px-3 py-2">Number</th>
          <th className="px-3 py-2">Customer</th>
          <th className="px-3 py-2 text-right">Total</th>
          <th className="px-3 py-2">Status</th>
          <th className="px-3 py-2">Due</th>
        </tr>
      </thead>
      <tbody>
        {items.map((invoice) => (
          <tr key={invoice.id} className="border-t border-slate-100" data-testid="invoice-row" data-number={invoice.number}>
            <td className="px-3 py-2 font-mono">
              <Link className="text-indigo-700 hover:underline" href={`/invoices/${invoice.id}`}>
                {invoiceLabel(invoice)}
              </Link>
            </td>
            <td className="px-3 py-2">{invoice.customerName}</td>
            <td className="px-3 py-2 text-right font-mono" data-testid="invoice-total">
              {formatCents(invoice.totalCents, invoice.currency)}
            </td>
            <td className="space-x-1 px-3 py-2">
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
            <td className="px-3 py-2">{invoice.dueOn}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
