import 'server-only';

/**
 * The only place cache tag strings are built. An org-scoped tag starts with its organization and a
 * user-scoped tag with its user, so an invalidation for one tenant (or one person) can never name
 * another's entries.
 */
const org = (orgId: string) => `org:${orgId}`;
const user = (userId: string) => `user:${userId}`;

export const orgTags = {
  /** Carried by every org-scoped cached read: expiring it flushes the whole tenant. */
  all: (orgId: string) => `${org(orgId)}:all`,
  /** The team roster: members with their roles, and pending invitations. */
  members: (orgId: string) => `${org(orgId)}:members`,
  /** The organization's own settings (its name). */
  settings: (orgId: string) => `${org(orgId)}:settings`,
};

export const invoiceTags = {
  list: (orgId: string) => `${org(orgId)}:invoices:list`,
  record: (orgId: string, invoiceId: string) => `${org(orgId)}:invoice:${invoiceId}`,
  summary: (orgId: string) => `${org(orgId)}:invoices:summary`,
};

export const customerTags = {
  /** The org's customer directory, the picker, and each customer's page (with its balance). */
  list: (orgId: string) => `${org(orgId)}:customers`,
};

export const commentTags = {
  /** One invoice's thread: its comment count and its newest page. */
  thread: (orgId: string, invoiceId: string) => `${org(orgId)}:invoice:${invoiceId}:comments`,
  /** Every cached comment page of the org: a page shows its authors' names, which a profile rename changes. */
  authors: (orgId: string) => `${org(orgId)}:comments:authors`,
};

export const userTags = {
  /** The user's organizations with their role in each (and their pending invitations), for display only. */
  memberships: (userId: string) => `${user(userId)}:memberships`,
  /** The user's sessions as the cached viewer holds them (validity, expiry, active organization). */
  sessions: (userId: string) => `${user(userId)}:sessions`,
};

/** The org a tag belongs to; used by the invalidation log and by the tenancy tests. */
export function orgOfTag(tag: string): string | null {
  return /^org:([^:]+):/.exec(tag)?.[1] ?? null;
}

/** The user a user-scoped tag belongs to. */
export function userOfTag(tag: string): string | null {
  return /^user:([^:]+):/.exec(tag)?.[1] ?? null;
}
