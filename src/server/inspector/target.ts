import 'server-only';
import { db } from '@/server/db/client';
import { scopedInvoices } from '@/server/invoices/scoped';
import type { InvoiceRecord } from '@/lib/invoice';

/**
 * The invoice the inspector's buttons act on: the org's newest draft that is not deleted (only a draft
 * can be edited, decision 021) and carries no tax, so "Edit one invoice" (+$1.00 on its first line)
 * moves the total by exactly the line's quantity in dollars. Read uncached on purpose, so its version
 * is current even while the misuse demo leaves the list stale.
 */
export async function inspectorTarget(orgId: string): Promise<InvoiceRecord | null> {
  const scoped = scopedInvoices(orgId, await db());
  for (const row of (await scoped.all().page({ limit: 50 })).items) {
    if (row.deletedAt || row.status !== 'draft') continue;
    const record = await scoped.byId(row.id);
    if (record && record.lines.every((line) => line.taxRateBp === 0)) return record;
  }
  return null;
}
