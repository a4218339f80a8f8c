import { err, ok } from '@/lib/result';
import { invoiceListQuery } from '@/lib/schemas/invoice';
import { authedRoute } from '@/server/authed-route';
import { getInvoiceListPage } from '@/server/invoices/cached';
import { mayListView } from '@/server/invoices/policy';

export const GET = authedRoute('member', invoiceListQuery, async ({ view, after, before }, ctx) => {
  if (!mayListView(ctx.role, view)) return err('forbidden', 'Only admins can list every invoice.');
  return ok(await getInvoiceListPage(ctx.orgId, view, after, before));
});
