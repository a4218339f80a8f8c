import 'server-only';
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import { encodeCursor, type Comment, type CommentCursor, type CommentPage, type RecentComment } from '@/lib/schemas/comment';
import type { Executor } from '@/server/db/open';
import { invoiceComments, invoices, user } from '@/server/db/schema';

export interface NewComment {
  id: string;
  invoiceId: string;
  authorId: string;
  body: string;
}

/**
 * Whether the thread exists for this org, and its version: comments are append-only, so count and
 * newest timestamp identify its content.
 */
export interface ThreadVersion {
  invoiceVisible: boolean;
  count: number;
  newestAt: string | null;
}

const columns = {
  id: invoiceComments.id,
  invoiceId: invoiceComments.invoiceId,
  authorId: invoiceComments.authorId,
  authorName: user.name,
  body: invoiceComments.body,
  createdAt: invoiceComments.createdAt,
};

type Row = { id: string; invoiceId: string; authorId: string; authorName: string; body: string; createdAt: Date };
const toComment = (row: Row): Comment => ({ ...row, createdAt: row.createdAt.toISOString() });
const cursorAt = (comment: Comment, towards: CommentCursor['towards']) =>
  encodeCursor({ at: comment.createdAt, id: comment.id, towards });

/** The only way application code reads or writes comments: every statement is bound to one organization. */
export function scopedComments(orgId: string, executor: Executor) {
  const inThread = (invoiceId: string) => and(eq(invoiceComments.orgId, orgId), eq(invoiceComments.invoiceId, invoiceId));
  const position = sql`(${invoiceComments.createdAt}, ${invoiceComments.id})`;

  return {
    async countFor(invoiceId: string): Promise<number> {
      const [row] = await executor.select({ n: count() }).from(invoiceComments).where(inThread(invoiceId));
      return row?.n ?? 0;
    },

    /** One indexed statement: what a conditional poll costs when nothing changed. */
    async version(invoiceId: string): Promise<ThreadVersion> {
      const [row] = await executor
        .select({
          invoiceVisible: sql<boolean>`EXISTS (SELECT 1 FROM ${invoices} WHERE ${invoices.id} = ${invoiceId}
            AND ${invoices.orgId} = ${orgId} AND ${invoices.deletedAt} IS NULL)`,
          count: count(),
          newestAt: sql<string | null>`MAX(${invoiceComments.createdAt})::text`,
        })
        .from(invoiceComments)
        .where(inThread(invoiceId));
      return { invoiceVisible: row?.invoiceVisible ?? false, count: row?.count ?? 0, newestAt: row?.newestAt ?? null };
    },

    /** Newest first. Without a cursor: the newest page. A cursor reads older or newer from its position. */
    async page(invoiceId: string, cursor: CommentCursor | undefined, limit: number): Promise<CommentPage> {
      const newer = cursor?.towards === 'newer';
      const from = cursor && sql`(${cursor.at}::timestamptz, ${cursor.id}::uuid)`;
      const rows = await executor
        .select(columns)
        .from(invoiceComments)
        .innerJoin(user, eq(user.id, invoiceComments.authorId))
        .where(and(inThread(invoiceId), from ? (newer ? sql`${position} > ${from}` : sql`${position} < ${from}`) : undefined))
        .orderBy(
          ...(newer
            ? [asc(invoiceComments.createdAt), asc(invoiceComments.id)]
            : [desc(invoiceComments.createdAt), desc(invoiceComments.id)]),
        )
        .limit(limit + 1);
      const hasMore = rows.length > limit;
      const comments = rows.slice(0, limit).map(toComment);
      if (newer) comments.reverse();
      const first = comments[0];
      const last = comments.at(-1);
      if (!first || !last) {
        // An empty read past either end: offer the way back towards the cursor, if there was one.
        return { comments, nextCursor: newer && cursor ? encodeCursor({ ...cursor, towards: 'older' }) : null, prevCursor: null };
      }
      return {
        comments,
        nextCursor: newer || hasMore ? cursorAt(last, 'older') : null,
        prevCursor: (newer ? hasMore : cursor !== undefined) ? cursorAt(first, 'newer') : null,
      };
    },

    /**
     * Inserts once per id: a replayed post returns the stored row and `inserted: false`. Null when the
     * invoice is not this org's (there is no composite key to stop it) or the id belongs to another post.
     */
    async insertOnce(comment: NewComment): Promise<{ comment: Comment; inserted: boolean } | null> {
      const [invoice] = await executor
        .select({ id: invoices.id })
        .from(invoices)
        .where(and(eq(invoices.id, comment.invoiceId), eq(invoices.orgId, orgId)))
        .limit(1);
      if (!invoice) return null;
      const inserted = await executor
        .insert(invoiceComments)
        .values({ ...comment, orgId })
        .onConflictDoNothing({ target: invoiceComments.id })
        .returning({ id: invoiceComments.id });
      const [row] = await executor
        .select(columns)
        .from(invoiceComments)
        .innerJoin(user, eq(user.id, invoiceComments.authorId))
        .where(and(eq(invoiceComments.id, comment.id), eq(invoiceComments.orgId, orgId)));
      // An id already used elsewhere (another invoice, author or org) is not this post.
      if (!row || row.invoiceId !== comment.invoiceId || row.authorId !== comment.authorId) return null;
      return { comment: toComment(row), inserted: inserted.length > 0 };
    },

    async recent(limit: number): Promise<RecentComment[]> {
      const rows = await executor
        .select({ ...columns, invoiceNumber: invoices.number })
        .from(invoiceComments)
        .innerJoin(user, eq(user.id, invoiceComments.authorId))
        .innerJoin(invoices, and(eq(invoices.id, invoiceComments.invoiceId), eq(invoices.orgId, orgId)))
        .where(and(eq(invoiceComments.orgId, orgId), sql`${invoices.deletedAt} IS NULL`))
        .orderBy(desc(invoiceComments.createdAt), desc(invoiceComments.id))
        .limit(limit);
      return rows.map((row) => ({ ...toComment(row), invoiceNumber: row.invoiceNumber }));
    },
  };
}
