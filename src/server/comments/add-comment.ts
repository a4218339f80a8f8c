import 'server-only';
import { conflict, err, ok, type Result } from '@/lib/result';
import type { AddCommentInput, Comment } from '@/lib/schemas/comment';
import { writeAudit } from '@/server/audit';
import { db } from '@/server/db/client';
import type { Actor } from '@/server/invoices/lifecycle';
import { scopedInvoices } from '@/server/invoices/scoped';
import { scopedComments } from './scoped';

/**
 * One transaction: the invoice must be this org's and not deleted, the comment is stored once per
 * client-generated id, and a new row gets its audit entry. A replay returns the stored comment.
 */
export async function addComment(actor: Actor, input: AddCommentInput): Promise<Result<Comment, null>> {
  return (await db()).transaction(async (tx) => {
    const invoice = await scopedInvoices(actor.orgId, tx).byId(input.invoiceId);
    if (!invoice || invoice.deletedAt) return err('not_found', 'Invoice not found.');
    const stored = await scopedComments(actor.orgId, tx).insertOnce({
      id: input.id,
      invoiceId: input.invoiceId,
      authorId: actor.userId,
      body: input.body,
    });
    if (!stored) return conflict('That comment id is already taken.', null);
    if (stored.inserted) {
      await writeAudit(tx, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'comment.add',
        subjectId: input.invoiceId,
        details: { commentId: input.id, length: input.body.length },
      });
    }
    return ok(stored.comment);
  });
}
