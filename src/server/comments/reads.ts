import 'server-only';
import { COMMENT_PAGE_SIZE, commentPageSchema, type CommentPage } from '@/lib/schemas/comment';
import { db } from '@/server/db/client';
import { scopedComments } from './scoped';

/** The thread's newest page, in the same contract as the comments route's responses. */
export async function firstCommentPage(orgId: string, invoiceId: string): Promise<CommentPage> {
  return commentPageSchema.parse(await scopedComments(orgId, await db()).page(invoiceId, undefined, COMMENT_PAGE_SIZE));
}
