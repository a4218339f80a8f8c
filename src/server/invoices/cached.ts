import 'server-only';
import { cacheLife } from 'next/cache';
import { invoiceTags, orgTags } from '@/server/cache/tags';
import { cachedRead } from '@/server/observability/cached-read';
import { PAGE_SIZE, type InvoiceView } from '@/lib/schemas/invoice';
import { db } from '@/server/db/client';
import { scopedInvoices, type InvoicePage, type InvoiceRecord } from './scoped';
import { readStoredSummary, type StoredSummary } from './summary';

/**
 * The cached reads. Each takes the org id as an argument (so it is part of the cache key and entries
 * never cross tenants), never reads the session, and stamps `fetchedAt` inside the cached scope so
 * /inspector can tell a cache hit from a fresh read.
 */
type Fetched<T> = T & { fetchedAt: string };

export async function getInvoiceListPage(
  orgId: string,
  view: InvoiceView,
  after: number | undefined,
  before: number | undefined,
): Promise<Fetched<InvoicePage>> {
  'use cache';
  cacheLife('tenantData');
  return cachedRead('getInvoiceListPage', [invoiceTags.list(orgId), orgTags.all(orgId)], async () => {
    const page = await scopedInvoices(orgId, await db()).view(view).page({ after, before, limit: PAGE_SIZE });
    return { ...page, fetchedAt: new Date().toISOString() };
  });
}

export async function getInvoiceRecord(orgId: string, invoiceId: string): Promise<Fetched<{ invoice: InvoiceRecord | null }>> {
  'use cache';
  cacheLife('tenantData');
  return cachedRead('getInvoiceRecord', [invoiceTags.record(orgId, invoiceId), orgTags.all(orgId)], async () => {
    const invoice = await scopedInvoices(orgId, await db()).byId(invoiceId);
    return { invoice, fetchedAt: new Date().toISOString() };
  });
}

export async function getOrgSummary(orgId: string): Promise<Fetched<StoredSummary>> {
  'use cache';
  cacheLife('tenantData');
  return cachedRead('getOrgSummary', [invoiceTags.summary(orgId), orgTags.all(orgId)], async () => {
    const summary = await readStoredSummary(await db(), orgId);
    return { ...summary, fetchedAt: new Date().toISOString() };
  });
}
