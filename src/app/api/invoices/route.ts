import { err, ok } from '@/lib/result';
import { roleAtLeast } from '@/lib/roles';
import { invoiceListQuery } from '@/lib/schemas/invoice';
import { authedRoute } from '@/server/authed-route';
import { getInvoiceListPage } from '@/server/invoices/cached';

export const GET = authedRoute('member', invoiceListQuery, async ({ view, after, before }, ctx) => {
  if (view === 'all' && !roleAtLeast(ctx.role, 'admin')) return err('forbidden', 'Only admins can list every invoice.');
  return ok(await getInvoiceListPage(ctx.orgId, view, after, before));
});
