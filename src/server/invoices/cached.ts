import 'server-only';
import { cacheLife } from 'next/cache';
import { invoiceTags, orgTags } from '@/server/cache/tags';
import { cachedRead, countedRead } from '@/server/observability/cached-read';
import { PAGE_SIZE, type InvoiceListQuery } from '@/lib/schemas/invoice';
import { db } from '@/server/db/client';
import { scopedInvoices, type FoundPage, type InvoiceRecord, type OutstandingBucket, type PaidMonth } from './scoped';
import { readStoredSummary, type StoredSummary } from './summary';
import { readOrgSettings, type OrgSettings } from '@/server/org/settings';

/**
 * The cached reads. Each takes the org id as an argument (so it is part of the cache key and entries
 * never cross tenants), never reads the session, and stamps `fetchedAt` inside the cached scope so
 * /inspector can tell a cache hit from a fresh read.
 */
type Fetched<T> = T & { fetchedAt: string };

/**
 * One page of the list for a canonical query. `today` (the org's local date) is an argument because
 * it decides what "overdue" selects: a new day is a new key, never a stale entry.
 */
async function getInvoiceListPageCached(orgId: string, query: InvoiceListQuery, today: string): Promise<Fetched<FoundPage>> {
  'use cache';
  cacheLife('tenantData');
  return cachedRead('getInvoiceListPage', [invoiceTags.list(orgId), orgTags.all(orgId)], async () => {
    const { after, before, ...filter } = query;
    const page = await scopedInvoices(orgId, await db()).find({ ...filter, today }, { after, before, limit: PAGE_SIZE });
    return { ...page, fetchedAt: new Date().toISOString() };
  });
}

async function getInvoiceRecordCached(orgId: string, invoiceId: string): Promise<Fetched<{ invoice: InvoiceRecord | null }>> {
  'use cache';
  cacheLife('tenantData');
  return cachedRead('getInvoiceRecord', [invoiceTags.record(orgId, invoiceId), orgTags.all(orgId)], async () => {
    const invoice = await scopedInvoices(orgId, await db()).byId(invoiceId);
    return { invoice, fetchedAt: new Date().toISOString() };
  });
}

async function getOrgSummaryCached(orgId: string): Promise<Fetched<StoredSummary>> {
  'use cache';
  cacheLife('tenantData');
  return cachedRead('getOrgSummary', [invoiceTags.summary(orgId), orgTags.all(orgId)], async () => {
    const summary = await readStoredSummary(await db(), orgId);
    return { ...summary, fetchedAt: new Date().toISOString() };
  });
}

/**
 * The dashboard's raw material: outstanding per currency and due date, and payments per month since
 * `fromMonth`. No "today" inside: the page sums what is overdue and picks this month at render
 * (docs/decisions/020-overdue-at-render.md), so the entry stays right across midnight.
 */
async function getDashboardCached(
  orgId: string,
  fromMonth: string,
): Promise<Fetched<{ outstanding: OutstandingBucket[]; paid: PaidMonth[] }>> {
  'use cache';
  cacheLife('tenantData');
  return cachedRead('getDashboard', [invoiceTags.summary(orgId), orgTags.all(orgId)], async () => {
    const scoped = scopedInvoices(orgId, await db());
    const [outstanding, paid] = await Promise.all([scoped.outstanding(), scoped.paidByMonth(fromMonth)]);
    return { outstanding, paid, fetchedAt: new Date().toISOString() };
  });
}

async function getInvoicingSettingsCached(orgId: string): Promise<Fetched<OrgSettings>> {
  'use cache';
  cacheLife('tenantData');
  return cachedRead('getInvoicingSettings', [orgTags.settings(orgId), orgTags.all(orgId)], async () => ({
    ...(await readOrgSettings(await db(), orgId)),
    fetchedAt: new Date().toISOString(),
  }));
}

export const getInvoiceListPage = countedRead('getInvoiceListPage', invoiceTags.list('_'), getInvoiceListPageCached);
export const getInvoiceRecord = countedRead('getInvoiceRecord', invoiceTags.record('_', '_'), getInvoiceRecordCached);
export const getOrgSummary = countedRead('getOrgSummary', invoiceTags.summary('_'), getOrgSummaryCached);
export const getDashboard = countedRead('getDashboard', invoiceTags.summary('_'), getDashboardCached);
export const getInvoicingSettings = countedRead('getInvoicingSettings', orgTags.settings('_'), getInvoicingSettingsCached);
