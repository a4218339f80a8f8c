import 'server-only';
import { cacheLife } from 'next/cache';
import { COMMENT_PAGE_SIZE, commentPageSchema, type CommentPage } from '@/lib/schemas/comment';
import { commentTags, orgTags } from '@/server/cache/tags';
import { cachedRead, countedRead } from '@/server/observability/cached-read';
import { db } from '@/server/db/client';
import { scopedComments } from './scoped';

/** The server-rendered comment count on an invoice page; `comment.add` invalidates it. */
async function getCommentCountCached(orgId: string, invoiceId: string): Promise<{ count: number; fetchedAt: string }> {
  'use cache';
  cacheLife('tenantData');
  return cachedRead('getCommentCount', [commentTags.thread(orgId, invoiceId), orgTags.all(orgId)], async () => {
    const count = await scopedComments(orgId, await db()).countFor(invoiceId);
    return { count, fetchedAt: new Date().toISOString() };
  });
}

/**
 * The thread's newest page as the invoice page renders it, in the comments route's contract. Cached so
 * a warm invoice page reads no row; the browser's poll goes to the route, which always reads fresh.
 */
async function getFirstCommentPageCached(orgId: string, invoiceId: string): Promise<CommentPage> {
  'use cache';
  cacheLife('tenantData');
  return cachedRead(
    'getFirstCommentPage',
    [commentTags.thread(orgId, invoiceId), commentTags.authors(orgId), orgTags.all(orgId)],
    async () => commentPageSchema.parse(await scopedComments(orgId, await db()).page(invoiceId, undefined, COMMENT_PAGE_SIZE)),
  );
}

export const getCommentCount = countedRead('getCommentCount', commentTags.thread('_', '_'), getCommentCountCached);
export const getFirstCommentPage = countedRead('getFirstCommentPage', commentTags.thread('_', '_'), getFirstCommentPageCached);
