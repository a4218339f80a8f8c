import { formatCents } from '@/lib/money';

export function SummaryCard({ summary }: { summary: { count: number; totalCents: number } }) {
  return (
    <section className="card flex gap-6 py-3" aria-label="Active invoices summary">
      <div>
        <p className="text-xs uppercase tracking-wide text-slate-500">Active invoices</p>
        <p className="text-xl font-semibold" data-testid="summary-total-count">
          {summary.count}
        </p>
      </div>
      <div>
        <p className="text-xs uppercase tracking-wide text-slate-500">Total</p>
        <p className="text-xl font-semibold" data-testid="summary-total-amount">
          {formatCents(summary.totalCents)}
        </p>
      </div>
    </section>
  );
}
