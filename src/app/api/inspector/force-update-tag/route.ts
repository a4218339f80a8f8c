import { updateTag } from 'next/cache';
import { z } from 'zod';
import { invoiceTags } from '@/server/cache/tags';
import { ok } from '@/lib/result';
import { authedRoute } from '@/server/authed-route';

/**
 * The inspector's demonstration that `updateTag` belongs to Server Actions only: the framework throws
 * here, and the island shows its message. Nothing is invalidated and nothing is logged.
 */
export const POST = authedRoute('admin', z.object({}), async (_input, ctx) => {
  try {
    updateTag(invoiceTags.list(ctx.orgId));
    return ok({ threw: false, message: 'updateTag returned without throwing.' });
  } catch (error) {
    return ok({ threw: true, message: error instanceof Error ? error.message : String(error) });
  }
});
