import 'server-only';
import { db } from '@/server/db/client';
import { scopedInvoices } from '@/server/invoices/scoped';
import type { InvoiceRecord } from '@/lib/invoice';

/**
 * The invoice the inspector's buttons act on: the org's newest invoice that is not deleted. Read
 * uncached on purpose, so its version is current even while the misuse demo leaves the list stale.
 */
export async function inspectorTarget(orgId: string): Promise<InvoiceRecord | null> {
  const scoped = scopedInvoices(orgId, await db());
  const candidate = (await scoped.all().page({ limit: 50 })).items.find((row) => !row.deletedAt);
  return candidate ? scoped.byId(candidate.id) : null;
}
