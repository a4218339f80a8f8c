import 'server-only';
import { db } from '@/server/db/client';
import { scopedInvoices } from '@/server/invoices/scoped';
import type { InvoiceRecord } from '@/lib/invoice';

/**
 * The invoice the inspector's buttons act on: the org's newest draft that is not deleted (only a draft
 * can be edited, decision 021). Read uncached on purpose, so its version is current even while the
 * misuse demo leaves the list stale.
 */
export async function inspectorTarget(orgId: string): Promise<InvoiceRecord | null> {
  const scoped = scopedInvoices(orgId, await db());
  const candidate = (await scoped.all().page({ limit: 50 })).items.find((row) => !row.deletedAt && row.status === 'draft');
  return candidate ? scoped.byId(candidate.id) : null;
}
