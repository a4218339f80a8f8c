import { commentTags, invoiceTags, orgTags } from './tags';

/**
 * Domain event -> the cache tags it makes stale. Adding a cached read means adding its tag family
 * here; the graph tests fail for any family no event reaches.
 */
export interface EventContext {
  orgId: string;
  invoiceId?: string;
}

export type TagFamily = 'list' | 'record' | 'summary' | 'commentCount' | 'recentComments' | 'orgAll';

const FAMILY: Record<TagFamily, (ctx: EventContext) => string> = {
  list: (ctx) => invoiceTags.list(ctx.orgId),
  record: (ctx) => invoiceTags.record(ctx.orgId, required(ctx.invoiceId)),
  summary: (ctx) => invoiceTags.summary(ctx.orgId),
  commentCount: (ctx) => commentTags.count(ctx.orgId, required(ctx.invoiceId)),
  recentComments: (ctx) => commentTags.recent(ctx.orgId),
  orgAll: (ctx) => orgTags.all(ctx.orgId),
};

/** An invoice mutation moves a row in or out of the list, changes its record, and shifts the totals. */
const INVOICE_MUTATION: readonly TagFamily[] = ['list', 'record', 'summary'];

export const INVALIDATION_GRAPH = {
  'invoice.updated': INVOICE_MUTATION,
  'invoice.archived': INVOICE_MUTATION,
  'invoice.restored': INVOICE_MUTATION,
  'invoice.softDeleted': INVOICE_MUTATION,
  // The import only adds rows; the summary is left to the recompute job on purpose.
  'invoice.imported': ['list'],
  'comment.added': ['commentCount', 'recentComments'],
  'summary.recomputed': ['summary'],
  'org.flushed': ['orgAll', 'list', 'summary', 'recentComments'],
} as const satisfies Record<string, readonly TagFamily[]>;

export type CacheEvent = keyof typeof INVALIDATION_GRAPH;

export const ALL_TAG_FAMILIES = Object.keys(FAMILY) as TagFamily[];

function required(invoiceId: string | undefined): string {
  if (!invoiceId) throw new Error('This event needs an invoiceId.');
  return invoiceId;
}

/** The tags an event makes stale, with the family each belongs to. */
export function tagsFor(event: CacheEvent, ctx: EventContext): { family: TagFamily; tag: string }[] {
  return INVALIDATION_GRAPH[event].map((family) => ({ family, tag: FAMILY[family](ctx) }));
}
