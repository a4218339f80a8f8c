/** Every TanStack Query key for comments, in one place. */
export const commentKeys = {
  all: ['comments'] as const,
  org: (orgId: string) => [...commentKeys.all, orgId] as const,
  /** The live, polled, paged thread of one invoice. */
  thread: (orgId: string, invoiceId: string) => [...commentKeys.org(orgId), 'thread', invoiceId] as const,
  /** The server-rendered first page, seeding the thread when it has no data yet. */
  firstPage: (orgId: string, invoiceId: string) => [...commentKeys.org(orgId), 'first-page', invoiceId] as const,
  recent: (orgId: string) => [...commentKeys.org(orgId), 'recent'] as const,
};
