import 'server-only';

import { commentTags, customerTags, invoiceTags, orgTags, userTags } from './tags';

/**
 * Domain event -> the cache tags it makes stale. Adding a cached read means adding its tag family
 * here; the graph tests fail for any family no event reaches.
 */
export interface EventContext {
  orgId: string;
  invoiceId?: string;
  /** The user a membership event is about: the one added, invited, re-roled or removed. */
  userId?: string;
  /** Every member of the org, read in the event's transaction, for events that broadcast to all of them. */
  memberIds?: readonly string[];
}

type OrgFamily =
  | 'list'
  | 'record'
  | 'summary'
  | 'commentCount'
  | 'recentComments'
  | 'orgAll'
  | 'members'
  | 'orgSettings'
  | 'customers';
type UserFamily = 'memberships';
export type TagFamily = OrgFamily | UserFamily;

const ORG_FAMILY: Record<OrgFamily, (ctx: EventContext) => string> = {
  list: (ctx) => invoiceTags.list(ctx.orgId),
  record: (ctx) => invoiceTags.record(ctx.orgId, required(ctx.invoiceId, 'invoiceId')),
  summary: (ctx) => invoiceTags.summary(ctx.orgId),
  commentCount: (ctx) => commentTags.count(ctx.orgId, required(ctx.invoiceId, 'invoiceId')),
  recentComments: (ctx) => commentTags.recent(ctx.orgId),
  orgAll: (ctx) => orgTags.all(ctx.orgId),
  members: (ctx) => orgTags.members(ctx.orgId),
  orgSettings: (ctx) => orgTags.settings(ctx.orgId),
  customers: (ctx) => customerTags.list(ctx.orgId),
};

const USER_FAMILY: Record<UserFamily, (userId: string) => string> = {
  memberships: (userId) => userTags.memberships(userId),
};

/**
 * What an event reaches: org-scoped families, user-scoped families of the one user it is about
 * (`subject`), and user-scoped families of every member of the org (`broadcast`).
 */
interface Edges {
  org?: readonly OrgFamily[];
  subject?: readonly UserFamily[];
  broadcast?: readonly UserFamily[];
}

/** An invoice mutation moves a row in or out of the list, changes its record, and shifts the totals. */
const INVOICE_MUTATION = { org: ['list', 'record', 'summary'] } as const;
/** A membership change alters the org's roster and the member's own list of organizations and roles. */
const MEMBERSHIP_CHANGE = { org: ['members'], subject: ['memberships'] } as const;

export const INVALIDATION_GRAPH = {
  'invoice.updated': INVOICE_MUTATION,
  'invoice.archived': INVOICE_MUTATION,
  'invoice.restored': INVOICE_MUTATION,
  'invoice.softDeleted': INVOICE_MUTATION,
  // The import only adds rows; the summary is left to the recompute job on purpose.
  'invoice.imported': { org: ['list'] },
  'comment.added': { org: ['commentCount', 'recentComments'] },
  'summary.recomputed': { org: ['summary'] },
  'org.flushed': { org: ['orgAll', 'list', 'summary', 'recentComments'] },
  'member.added': MEMBERSHIP_CHANGE,
  // The roster lists pending invitations; the invitee's memberships read carries theirs.
  'member.invited': MEMBERSHIP_CHANGE,
  'member.roleChanged': MEMBERSHIP_CHANGE,
  'member.removed': MEMBERSHIP_CHANGE,
  // Every member's list of organizations shows the org's name.
  'org.settingsChanged': { org: ['orgSettings'], broadcast: ['memberships'] },
  // The workflow: each moves the invoice in the (filtered) lists, its record and the dashboard totals.
  'invoice.created': INVOICE_MUTATION,
  'invoice.sent': INVOICE_MUTATION,
  'invoice.paymentRecorded': INVOICE_MUTATION,
  'invoice.voided': INVOICE_MUTATION,
  // Invoices keep their bill-to snapshot, so a customer edit reaches the directory and picker only.
  'customer.created': { org: ['customers'] },
  'customer.updated': { org: ['customers'] },
  'customer.archived': { org: ['customers'] },
} as const satisfies Record<string, Edges>;

export type CacheEvent = keyof typeof INVALIDATION_GRAPH;

export const ALL_TAG_FAMILIES = [...Object.keys(ORG_FAMILY), ...Object.keys(USER_FAMILY)] as TagFamily[];

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined || value === '') throw new Error(`This event needs ${name}.`);
  return value;
}

/** Every family an event reaches, whatever its scope. */
export function familiesOf(event: CacheEvent): TagFamily[] {
  const edges: Edges = INVALIDATION_GRAPH[event];
  return [...(edges.org ?? []), ...(edges.subject ?? []), ...(edges.broadcast ?? [])];
}

/** The tags an event makes stale, with the family each belongs to. */
export function tagsFor(event: CacheEvent, ctx: EventContext): { family: TagFamily; tag: string }[] {
  const edges: Edges = INVALIDATION_GRAPH[event];
  const forUsers = (families: readonly UserFamily[] | undefined, userIds: () => readonly string[]) =>
    families?.length ? families.flatMap((family) => userIds().map((userId) => ({ family, tag: USER_FAMILY[family](userId) }))) : [];
  return [
    ...(edges.org ?? []).map((family) => ({ family, tag: ORG_FAMILY[family](ctx) })),
    ...forUsers(edges.subject, () => [required(ctx.userId, 'userId')]),
    ...forUsers(edges.broadcast, () => required(ctx.memberIds, 'memberIds')),
  ];
}
