import 'server-only';
import { conflict, err, ok } from '@/lib/result';
import { addCommentInput } from '@/lib/schemas/comment';
import { isPlainFormPost } from '@/server/flash';
import { scopedInvoices } from '@/server/invoices/scoped';
import { defineMutation } from '@/server/mutation';
import { scopedComments } from './scoped';

/**
 * The invoice must be this org's and not deleted, and the comment is stored once per client-generated
 * id: a replay returns the stored comment and audits nothing. With JavaScript the thread shows the
 * returned comment; without it the page must be rendered again to show it.
 */
export const commentAdd = defineMutation('comment.add', {
  access: 'member',
  input: addCommentInput,
  redirectTo: async (input) => ((await isPlainFormPost()) ? `/invoices/${input.invoiceId}#comments` : null),
  async run(tx, input, actor) {
    const invoice = await scopedInvoices(actor.orgId, tx).byId(input.invoiceId);
    if (!invoice || invoice.deletedAt) return err('not_found', 'Invoice not found.');
    const stored = await scopedComments(actor.orgId, tx).insertOnce({
      id: input.id,
      invoiceId: input.invoiceId,
      authorId: actor.userId,
      body: input.body,
    });
    if (!stored) return conflict('That comment id is already taken.', null);
    return ok({
      data: stored.comment,
      event: { orgId: actor.orgId, invoiceId: input.invoiceId },
      audit: stored.inserted
        ? { subjectId: input.invoiceId, details: { commentId: input.id, length: input.body.length } }
        : undefined,
    });
  },
});
