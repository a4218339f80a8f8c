import { err, ok } from '@/lib/result';
import { invoiceListQuery } from '@/lib/schemas/invoice';
import { authedRoute } from '@/server/authed-route';
import { getInvoiceListPage } from '@/server/invoices/cached';
import { mayListView } from '@/server/invoices/policy';
import { orgToday } from '@/server/org/today';

export const GET = authedRoute('member', invoiceListQuery, async (query, ctx) => {
  if (!mayListView(ctx.role, query.view)) return err('forbidden', 'Only admins can list every invoice.');
  return ok(await getInvoiceListPage(ctx.orgId, query, await orgToday(ctx.orgId)));
});
