import 'server-only';
import { localDate } from '@/lib/org-date';
import { getInvoicingSettings } from '@/server/invoices/cached';

/** Today in the org's time zone, read at render (never inside a cached scope). */
export async function orgToday(orgId: string, now: Date = new Date()): Promise<string> {
  return localDate((await getInvoicingSettings(orgId)).timeZone, now);
}
