import { formatCents } from '@/lib/money';
import { formatInvoiceNumber } from '@/lib/schemas/invoice';
import type { InvoiceRecord } from '@/lib/invoice';
import { StatusBadge } from './status-badge';

export function InvoiceSummary({ invoice }: { invoice: InvoiceRecord }) {
  return (
    <section className="card space-y-4" aria-label="Invoice">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="font-mono text-2xl font-semibold">{formatInvoiceNumber(invoice.number)}</h1>
        <StatusBadge status={invoice.status} />
        {invoice.archivedAt && !invoice.deletedAt && <span className="rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-800">archived</span>}
        {invoice.deletedAt && <span className="rounded bg-red-600 px-2 py-0.5 text-xs text-white">deleted</span>}
        <span className="ml-auto text-xs text-slate-500" data-testid="invoice-version">
          version {invoice.version}
        </span>
      </div>
      <dl className="grid grid-cols-2 gap-3 text-sm md:grid-cols-4">
        <div>
          <dt className="text-xs uppercase text-slate-500">Billed to</dt>
          <dd data-testid="invoice-customer">{invoice.customerName}</dd>
          <dd className="text-slate-500">{invoice.customerEmail}</dd>
        </div>
        <div>
          <dt className="text-xs uppercase text-slate-500">Terms</dt>
          <dd>{invoice.terms}</dd>
        </div>
        <div>
          <dt className="text-xs uppercase text-slate-500">Issued</dt>
          <dd>{invoice.issuedOn}</dd>
        </div>
        <div>
          <dt className="text-xs uppercase text-slate-500">Due</dt>
          <dd>{invoice.dueOn}</dd>
        </div>
      </dl>
      <table className="w-full text-sm">
        <thead className="text-left text-xs uppercase text-slate-500">
          <tr>
            <th className="py-1">Description</th>
            <th className="py-1 text-right">Qty</th>
            <th className="py-1 text-right">Unit price</th>
            <th className="py-1 text-right">Amount</th>
          </tr>
        </thead>
        <tbody>
          {invoice.lines.map((line) => (
            <tr key={line.id} className="border-t border-slate-100">
              <td className="py-1">{line.description}</td>
              <td className="py-1 text-right">{line.quantity}</td>
              <td className="py-1 text-right font-mono">{formatCents(line.unitPriceCents, invoice.currency)}</td>
              <td className="py-1 text-right font-mono">{formatCents(line.amountCents, invoice.currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="border-t-2 border-slate-300 font-semibold">
            <td className="py-1" colSpan={3}>
              Total
            </td>
            <td className="py-1 text-right font-mono" data-testid="invoice-record-total">
              {formatCents(invoice.totalCents, invoice.currency)}
            </td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
