'use server';
import 'server-only';
import { redirect } from 'next/navigation';
import { err } from '@/lib/result';
import { addCommentInput } from '@/lib/schemas/comment';
import { authedAction } from '@/server/authed-action';
import { invalidate } from '@/server/cache/invalidate';
import { isPlainFormPost } from '@/server/flash';
import { addComment } from './add-comment';

/** TALLY_TEST_SWITCHES=1 (end-to-end tests only) lets a comment starting with this fail on purpose. */
const FORCED_FAILURE_PREFIX = '#fail';

export const addCommentAction = authedAction(
  'member',
  addCommentInput,
  async (input, ctx) => {
    if (process.env.TALLY_TEST_SWITCHES === '1' && input.body.startsWith(FORCED_FAILURE_PREFIX)) {
      return err('unavailable', 'The comment could not be saved. Try again.');
    }
    const result = await addComment(ctx, input);
    if (!result.ok) return result;
    await invalidate('comment.added', { orgId: ctx.orgId, invoiceId: input.invoiceId }, 'interactive', { source: 'action' });
    // Without JavaScript the page must be rendered again to show the comment.
    if (await isPlainFormPost()) redirect(`/invoices/${input.invoiceId}#comments`);
    return result;
  },
  'comment.add',
);
