import { z } from 'zod';
import { err, ok } from '@/lib/result';
import { roleAtLeast } from '@/lib/roles';
import { invoiceId } from '@/lib/schemas/invoice';
import { authedRoute } from '@/server/authed-route';
import { getInvoiceRecord } from '@/server/invoices/cached';

export const GET = authedRoute('member', z.object({ id: invoiceId }), async ({ id }, ctx) => {
  const { invoice } = await getInvoiceRecord(ctx.orgId, id);
  // A foreign id and a deleted invoice a member may not see answer alike.
  if (!invoice || (invoice.deletedAt && !roleAtLeast(ctx.role, 'admin'))) return err('not_found', 'Invoice not found.');
  return ok(invoice);
});
