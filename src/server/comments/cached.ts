import 'server-only';
import { cacheLife, cacheTag } from 'next/cache';
import { commentTags, orgTags } from '@/server/cache/tags';
import { db } from '@/server/db/client';
import { scopedComments } from './scoped';

/** The server-rendered comment count on an invoice page; `comment.added` invalidates it. */
export async function getCommentCount(orgId: string, invoiceId: string): Promise<{ count: number; fetchedAt: string }> {
  'use cache';
  cacheTag(commentTags.count(orgId, invoiceId), orgTags.all(orgId));
  cacheLife('tenantData');
  const count = await scopedComments(orgId, await db()).countFor(invoiceId);
  return { count, fetchedAt: new Date().toISOString() };
}
