import { Link } from '@/components/link';
import type { InvoiceRecord } from '@/lib/invoice';
import type { OrgSettings } from '@/server/org/settings';
import { InvoiceSummary } from '../invoice-summary';

/** Print CSS: the page size the user picked, no app chrome, no shadows, black on white. */
const printCss = (paper: 'A4' | 'letter') => `
@page { size: ${paper}; margin: 16mm; }
@media print {
  header:not([data-seller]), [data-print-hide] { display: none !important; }
  body { background: white !important; }
  .card { box-shadow: none !important; border: 0 !important; padding: 0 !important; }
}`;

export function PrintableInvoice({
  invoice,
  seller,
  paper,
}: {
  invoice: InvoiceRecord;
  seller: OrgSettings;
  paper: 'A4' | 'letter';
}) {
  return (
    <article className="mx-auto max-w-3xl space-y-6 bg-white p-8 text-slate-900" data-testid="printable-invoice">
      <style>{printCss(paper)}</style>
      <nav className="flex gap-2 text-sm" data-print-hide>
        <Link className="btn" href={`/invoices/${invoice.id}`}>
          ← Back
        </Link>
        <Link className="btn" href={`/invoices/${invoice.id}/print?paper=${paper === 'A4' ? 'letter' : 'a4'}`}>
          Switch to {paper === 'A4' ? 'US Letter' : 'A4'}
        </Link>
        <span className="self-center text-slate-500">
          Print from your browser (Ctrl/Cmd + P) — {paper === 'A4' ? 'A4' : 'US Letter'}.
        </span>
      </nav>
      <header className="flex justify-between" data-seller>
        <div>
          <p className="text-xl font-semibold" data-testid="seller-name">
            {seller.name}
          </p>
          <p className="whitespace-pre-line text-sm text-slate-600">{seller.address}</p>
        </div>
        <p className="text-3xl font-light uppercase tracking-widest text-slate-400">Invoice</p>
      </header>
      <InvoiceSummary invoice={invoice} />
    </article>
  );
}
