import { err, ok } from '@/lib/result';
import { roleAtLeast } from '@/lib/roles';
import { invoiceListQuery } from '@/lib/schemas/invoice';
import { authedRoute } from '@/server/authed-route';
import { getInvoiceListPage } from '@/server/invoices/cached';
import { orgToday } from '@/server/org/today';

export const GET = authedRoute('member', invoiceListQuery, async (query, ctx) => {
  if (query.view === 'all' && !roleAtLeast(ctx.role, 'admin')) return err('forbidden', 'Only admins can list every invoice.');
  return ok(await getInvoiceListPage(ctx.orgId, query, await orgToday(ctx.orgId)));
});
