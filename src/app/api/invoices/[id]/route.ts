import { z } from 'zod';
import { err, ok } from '@/lib/result';
import { invoiceId } from '@/lib/schemas/invoice';
import { authedRoute } from '@/server/authed-route';
import { getInvoiceRecord } from '@/server/invoices/cached';
import { maySeeInvoice } from '@/server/invoices/policy';

export const GET = authedRoute('member', z.object({ id: invoiceId }), async ({ id }, ctx) => {
  const { invoice } = await getInvoiceRecord(ctx.orgId, id);
  // A foreign id and a deleted invoice a member may not see answer alike.
  if (!invoice || !maySeeInvoice(ctx.role, invoice)) return err('not_found', 'Invoice not found.');
  return ok(invoice);
});
