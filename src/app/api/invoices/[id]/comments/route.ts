import { NextResponse } from 'next/server';
import { err } from '@/lib/result';
import { commentPageSchema, commentsQuery, encodeCursor } from '@/lib/schemas/comment';
import { authedRoute, PRIVATE_NO_STORE } from '@/server/authed-route';
import { COMMENT_READ_ROLE } from '@/server/comments/policy';
import { scopedComments } from '@/server/comments/scoped';
import { etagMatches, threadEtag } from '@/server/comments/thread-etag';
import { db } from '@/server/db/client';

// Not stored by the browser (authenticated data); a client that keeps the ETag and sends If-None-Match
// gets a 304 for an unchanged thread, which costs one query and no body.
export const GET = authedRoute(COMMENT_READ_ROLE, commentsQuery, async ({ id, cursor, limit }, ctx, request) => {
  const comments = scopedComments(ctx.orgId, await db());
  const version = await comments.version(id);
  if (!version.invoiceVisible) return err('not_found', 'Invoice not found.');
  const etag = threadEtag(version, cursor ? encodeCursor(cursor) : null, limit);
  const headers = { ETag: etag, 'Cache-Control': PRIVATE_NO_STORE };
  if (etagMatches(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
  const page = commentPageSchema.parse(await comments.page(id, cursor, limit));
  return NextResponse.json(page, { headers });
});
