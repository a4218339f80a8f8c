/**
 * The only place cache tag strings are built. Every tag starts with its organization, so an
 * invalidation for one tenant can never name another tenant's entries.
 */
const org = (orgId: string) => `org:${orgId}`;

export const orgTags = {
  /** Carried by every cached read of the org: expiring it flushes the whole tenant. */
  all: (orgId: string) => `${org(orgId)}:all`,
};

export const invoiceTags = {
  list: (orgId: string) => `${org(orgId)}:invoices:list`,
  record: (orgId: string, invoiceId: string) => `${org(orgId)}:invoice:${invoiceId}`,
  summary: (orgId: string) => `${org(orgId)}:invoices:summary`,
};

export const commentTags = {
  count: (orgId: string, invoiceId: string) => `${org(orgId)}:invoice:${invoiceId}:comments`,
  recent: (orgId: string) => `${org(orgId)}:comments:recent`,
};

/** The org a tag belongs to; used by the invalidation log and by the tenancy tests. */
export function orgOfTag(tag: string): string | null {
  return /^org:([^:]+):/.exec(tag)?.[1] ?? null;
}
