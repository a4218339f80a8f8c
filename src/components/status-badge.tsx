import type { InvoiceStatus } from '@/lib/schemas/invoice';

const STYLE: Record<InvoiceStatus, string> = {
  draft: 'bg-slate-100 text-slate-700',
  sent: 'bg-blue-100 text-blue-800',
  paid: 'bg-emerald-100 text-emerald-800',
  void: 'bg-red-100 text-red-700',
};

export function StatusBadge({ status }: { status: InvoiceStatus }) {
  return <span className={`rounded px-2 py-0.5 text-xs font-medium ${STYLE[status]}`}>{status}</span>;
}
