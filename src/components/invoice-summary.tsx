import { formatCents } from '@/lib/money';
import { invoiceLabel, TERMS_LABEL, type PaymentTerms } from '@/lib/schemas/invoice';
import type { InvoiceRecord } from '@/lib/invoice';
import { StatusBadge } from './status-badge';

const percent = (basisPoints: number) => `${(basisPoints / 100).toFixed(basisPoints % 100 === 0 ? 0 : 2)}%`;

/** The invoice as a document: used on the invoice page and on its print view. */
function TotalRow({ label, amount, testId, className }: { label: string; amount: string; testId?: string; className?: string }) {
  return (
    <tr className={className}>
      <td colSpan={4}>{label}</td>
      <td className="text-right font-mono" data-testid={testId}>
        {amount}
      </td>
    </tr>
  );
}

export function InvoiceSummary({ invoice, overdue = false }: { invoice: InvoiceRecord; overdue?: boolean }) {
  const money = (cents: number) => formatCents(cents, invoice.currency);
  return (
    <section className="card space-y-4" aria-label="Invoice">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="font-mono text-2xl font-semibold" data-testid="invoice-number">
          {invoiceLabel(invoice)}
        </h1>
        <StatusBadge status={invoice.status} />
        {overdue && (
          <span className="rounded bg-red-600 px-2 py-0.5 text-xs text-white" data-testid="overdue-badge">
            overdue
          </span>
        )}
        {invoice.archivedAt && !invoice.deletedAt && (
          <span className="rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-800">archived</span>
        )}
        {invoice.deletedAt && <span className="rounded bg-red-600 px-2 py-0.5 text-xs text-white">deleted</span>}
        <span className="ml-auto text-xs text-slate-500 print:hidden" data-testid="invoice-version">
          version {invoice.version}
        </span>
      </div>
      {invoice.voidReason && (
        <p className="rounded bg-red-50 p-2 text-sm text-red-700" data-testid="void-reason">
          Void: {invoice.voidReason}
        </p>
      )}
      <dl className="grid grid-cols-2 gap-3 text-sm md:grid-cols-4 [&_dt]:text-xs [&_dt]:uppercase [&_dt]:text-slate-500">
        <div>
          <dt>Billed to</dt>
          <dd data-testid="invoice-customer">{invoice.customerName}</dd>
          <dd className="text-slate-500">{invoice.customerEmail}</dd>
        </div>
        <div>
          <dt>Terms</dt>
          <dd>{TERMS_LABEL[invoice.terms as PaymentTerms] ?? invoice.terms}</dd>
        </div>
        <div>
          <dt>Issued</dt>
          <dd>{invoice.issuedOn}</dd>
        </div>
        <div>
          <dt>Due</dt>
          <dd data-testid="invoice-due">{invoice.dueOn}</dd>
        </div>
      </dl>
      <table className="w-full text-sm [&_td]:py-1 [&_th]:py-1">
        <thead className="text-left text-xs uppercase text-slate-500">
          <tr>
            <th>Description</th>
            <th className="text-right">Qty</th>
            <th className="text-right">Unit price</th>
            <th className="text-right">Tax</th>
            <th className="text-right">Amount</th>
          </tr>
        </thead>
        <tbody>
          {invoice.lines.map((line) => (
            <tr key={line.id} className="border-t border-slate-100">
              <td>{line.description}</td>
              <td className="text-right">{line.quantity}</td>
              <td className="text-right font-mono">{money(line.unitPriceCents)}</td>
              <td className="text-right">{line.taxRateBp ? percent(line.taxRateBp) : '—'}</td>
              <td className="text-right font-mono">{money(line.amountCents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <TotalRow label="Subtotal" amount={money(invoice.subtotalCents)} className="border-t-2 border-slate-300" />
          <TotalRow label="Tax" amount={money(invoice.taxCents)} testId="invoice-tax" />
          <TotalRow label="Total" amount={money(invoice.totalCents)} testId="invoice-record-total" className="font-semibold" />
          {invoice.paidCents > 0 && (
            <>
              <TotalRow label="Paid" amount={money(invoice.paidCents)} testId="invoice-paid" />
              <TotalRow
                label="Balance due"
                amount={money(invoice.totalCents - invoice.paidCents)}
                testId="invoice-balance"
                className="font-semibold"
              />
            </>
          )}
        </tfoot>
      </table>
      {invoice.notes && (
        <p className="whitespace-pre-line text-sm text-slate-700" data-testid="invoice-notes">
          {invoice.notes}
        </p>
      )}
      {invoice.payments.length > 0 && (
        <div className="text-sm print:hidden">
          <h2 className="font-medium">Payments</h2>
          <ul data-testid="invoice-payments">
            {invoice.payments.map((payment) => (
              <li key={payment.id}>
                {payment.paidOn}: {money(payment.amountCents)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
