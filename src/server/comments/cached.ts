import 'server-only';
import { cacheLife } from 'next/cache';
import { commentTags, orgTags } from '@/server/cache/tags';
import { cachedRead, countedRead } from '@/server/observability/cached-read';
import { db } from '@/server/db/client';
import { scopedComments } from './scoped';

/** The server-rendered comment count on an invoice page; `comment.added` invalidates it. */
async function getCommentCountCached(orgId: string, invoiceId: string): Promise<{ count: number; fetchedAt: string }> {
  'use cache';
  cacheLife('tenantData');
  return cachedRead('getCommentCount', [commentTags.count(orgId, invoiceId), orgTags.all(orgId)], async () => {
    const count = await scopedComments(orgId, await db()).countFor(invoiceId);
    return { count, fetchedAt: new Date().toISOString() };
  });
}

export const getCommentCount = countedRead('getCommentCount', commentTags.count('_', '_'), getCommentCountCached);
