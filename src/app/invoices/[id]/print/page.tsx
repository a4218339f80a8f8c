import { notFound } from 'next/navigation';
import { PrintableInvoice } from '@/components/invoices/printable-invoice';
import { invoiceId } from '@/lib/schemas/invoice';
import { requireViewer } from '@/server/auth/viewer';
import { getInvoicingSettings, getInvoiceRecord } from '@/server/invoices/cached';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ paper?: string }> };

/** The invoice as paper: `?paper=letter` for US Letter, A4 otherwise. */
export default async function PrintInvoicePage({ params, searchParams }: Props) {
  const viewer = await requireViewer();
  const id = invoiceId.safeParse((await params).id);
  if (!id.success) notFound();
  const orgId = viewer.active.orgId;
  const [{ invoice }, settings] = await Promise.all([getInvoiceRecord(orgId, id.data), getInvoicingSettings(orgId)]);
  if (!invoice || invoice.deletedAt) notFound();
  const paper = (await searchParams).paper === 'letter' ? 'letter' : 'A4';
  return <PrintableInvoice invoice={invoice} seller={settings} paper={paper} />;
}
