import { ok } from '@/lib/result';
import { recentCommentsQuery, recentCommentsSchema } from '@/lib/schemas/comment';
import { authedRoute } from '@/server/authed-route';
import { COMMENT_READ_ROLE } from '@/server/comments/policy';
import { scopedComments } from '@/server/comments/scoped';
import { db } from '@/server/db/client';

export const GET = authedRoute(COMMENT_READ_ROLE, recentCommentsQuery, async ({ limit }, ctx) =>
  ok(recentCommentsSchema.parse({ comments: await scopedComments(ctx.orgId, await db()).recent(limit) })),
);
