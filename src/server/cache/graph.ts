import 'server-only';

import { commentTags, customerTags, invoiceTags, orgTags, userTags } from './tags';

/**
 * Domain event -> the cache tags it makes stale. An event is named like the write that causes it
 * (`invoice.archive`), which is also that write's audit action and form name (src/server/mutation.ts).
 * Adding a cached read means adding its tag family here; the graph test reads the real `cacheTag` calls
 * and fails for a tag no event reaches and for a family no cached read carries.
 */
export interface EventContext {
  orgId: string;
  invoiceId?: string;
  /** The user a membership event is about: the one added, invited, re-roled or removed. */
  userId?: string;
  /**
   * The members a `broadcast` reaches, read in the event's transaction: every member of the org when all
   * of them see the change, or only the ones it changed (the heir and a stepping-down owner of a transfer).
   */
  memberIds?: readonly string[];
}

type OrgFamily =
  'list' | 'record' | 'summary' | 'commentThread' | 'commentAuthors' | 'orgAll' | 'members' | 'orgSettings' | 'customers';
type UserFamily = 'memberships' | 'sessions';
export type TagFamily = OrgFamily | UserFamily;

const ORG_FAMILY: Record<OrgFamily, (ctx: EventContext) => string> = {
  list: (ctx) => invoiceTags.list(ctx.orgId),
  record: (ctx) => invoiceTags.record(ctx.orgId, required(ctx.invoiceId, 'invoiceId')),
  summary: (ctx) => invoiceTags.summary(ctx.orgId),
  commentThread: (ctx) => commentTags.thread(ctx.orgId, required(ctx.invoiceId, 'invoiceId')),
  commentAuthors: (ctx) => commentTags.authors(ctx.orgId),
  orgAll: (ctx) => orgTags.all(ctx.orgId),
  members: (ctx) => orgTags.members(ctx.orgId),
  orgSettings: (ctx) => orgTags.settings(ctx.orgId),
  customers: (ctx) => customerTags.list(ctx.orgId),
};

const USER_FAMILY: Record<UserFamily, (userId: string) => string> = {
  memberships: (userId) => userTags.memberships(userId),
  sessions: (userId) => userTags.sessions(userId),
};

/**
 * What an event reaches: org-scoped families, user-scoped families of the one user it is about
 * (`subject`), and user-scoped families of every member of the org (`broadcast`).
 */
interface Edges {
  org?: readonly OrgFamily[];
  subject?: readonly UserFamily[];
  broadcast?: readonly UserFamily[];
  /** Like `subject`, when the event is about someone with an account (an invitation may go to an email with none yet). */
  subjectIfAny?: readonly UserFamily[];
}

/** An invoice mutation moves a row in or out of the list, changes its record, and shifts the totals. */
const INVOICE_MUTATION = { org: ['list', 'record', 'summary'] } as const;
/** A membership change alters the org's roster and the member's own list of organizations and roles. */
const MEMBERSHIP_CHANGE = { org: ['members'], subject: ['memberships'] } as const;
/** An invitation sent, cancelled or resent: the roster lists it, and the invitee's own list when they have an account. */
const INVITATION_CHANGE = { org: ['members'], subjectIfAny: ['memberships'] } as const;

export const INVALIDATION_GRAPH = {
  'invoice.update': INVOICE_MUTATION,
  'invoice.archive': INVOICE_MUTATION,
  'invoice.restore': INVOICE_MUTATION,
  'invoice.softDelete': INVOICE_MUTATION,
  // The import only adds rows; the summary is left to the recompute job on purpose.
  'invoice.import': { org: ['list'] },
  'comment.add': { org: ['commentThread'] },
  'summary.recompute': { org: ['summary'] },
  'org.flush': { org: ['orgAll', 'list', 'summary'] },
  'member.add': MEMBERSHIP_CHANGE,
  // The roster lists pending invitations; the invitee's memberships read carries theirs (once they have an account).
  'member.invite': INVITATION_CHANGE,
  'member.changeRole': MEMBERSHIP_CHANGE,
  'member.remove': MEMBERSHIP_CHANGE,
  'member.leave': MEMBERSHIP_CHANGE,
  // Accepting while signed in, or signing up through the link: a new member either way.
  'invitation.accept': MEMBERSHIP_CHANGE,
  'invitation.join': MEMBERSHIP_CHANGE,
  // The heir's role and (stepping down) the former owner's change: every member's list of organizations is sent.
  'ownership.transfer': { org: ['members'], broadcast: ['memberships'] },
  // Name, currency, time zone, address (pages, "today", the print view); every member's org list shows the name.
  'org.updateSettings': { org: ['orgSettings'], broadcast: ['memberships'] },
  // A user's new name shows on the roster and beside their comments in every org they belong to: sent once per such org.
  'user.rename': { org: ['members', 'commentAuthors'] },
  'invitation.cancel': INVITATION_CHANGE,
  'invitation.resend': INVITATION_CHANGE,
  // A session signed out, revoked, expired or switched to another org (Better Auth's session hooks).
  'session.changed': { subject: ['sessions'] },
  // The workflow: each moves the invoice in the (filtered) lists, its record and the dashboard totals.
  'invoice.create': INVOICE_MUTATION,
  'invoice.send': INVOICE_MUTATION,
  'invoice.pay': INVOICE_MUTATION,
  'invoice.void': INVOICE_MUTATION,
  // Invoices keep their bill-to snapshot, so a customer edit reaches the directory and picker only.
  'customer.create': { org: ['customers'] },
  'customer.update': { org: ['customers'] },
  'customer.archive': { org: ['customers'] },
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
  return [...(edges.org ?? []), ...(edges.subject ?? []), ...(edges.broadcast ?? []), ...(edges.subjectIfAny ?? [])];
}

/** The tags an event makes stale, with the family each belongs to. */
export function tagsFor(event: CacheEvent, ctx: EventContext): { family: TagFamily; tag: string }[] {
  const edges: Edges = INVALIDATION_GRAPH[event];
  const forUsers = (families: readonly UserFamily[] | undefined, userIds: () => readonly string[]) =>
    families?.length
      ? families.flatMap((family) => userIds().map((userId) => ({ family, tag: USER_FAMILY[family](userId) })))
      : [];
  return [
    ...(edges.org ?? []).map((family) => ({ family, tag: ORG_FAMILY[family](ctx) })),
    ...forUsers(edges.subject, () => [required(ctx.userId, 'userId')]),
    ...forUsers(edges.broadcast, () => required(ctx.memberIds, 'memberIds')),
    ...forUsers(edges.subjectIfAny, () => (ctx.userId ? [ctx.userId] : [])),
  ];
}
