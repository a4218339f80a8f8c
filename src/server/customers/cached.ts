import 'server-only';
import { cacheLife } from 'next/cache';
import { customerTags, invoiceTags, orgTags } from '@/server/cache/tags';
import { db } from '@/server/db/client';
import { cachedRead, countedRead } from '@/server/observability/cached-read';
import { scopedInvoices, type OutstandingBucket } from '@/server/invoices/scoped';
import { scopedCustomers, type Customer } from './scoped';

type Fetched<T> = T & { fetchedAt: string };

async function getCustomersCached(orgId: string, includeArchived: boolean): Promise<Fetched<{ customers: Customer[] }>> {
  'use cache';
  cacheLife('tenantData');
  return cachedRead('getCustomers', [customerTags.list(orgId), orgTags.all(orgId)], async () => {
    const customers = await scopedCustomers(orgId, await db()).list({ includeArchived });
    return { customers, fetchedAt: new Date().toISOString() };
  });
}

/** A customer and what they owe (per currency and due date, summed at render); invoice writes reach it through the list tag. */
async function getCustomerCached(
  orgId: string,
  customerId: string,
): Promise<Fetched<{ customer: Customer | null; outstanding: OutstandingBucket[] }>> {
  'use cache';
  cacheLife('tenantData');
  return cachedRead('getCustomer', [customerTags.list(orgId), invoiceTags.list(orgId), orgTags.all(orgId)], async () => {
    const database = await db();
    const customer = await scopedCustomers(orgId, database).byId(customerId);
    const outstanding = customer ? await scopedInvoices(orgId, database).outstanding(customer.id) : [];
    return { customer, outstanding, fetchedAt: new Date().toISOString() };
  });
}

export const getCustomers = countedRead('getCustomers', customerTags.list('_'), getCustomersCached);
export const getCustomer = countedRead('getCustomer', customerTags.list('_'), getCustomerCached);
