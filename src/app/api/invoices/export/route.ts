import { err } from '@/lib/result';
import { roleAtLeast } from '@/lib/roles';
import { invoiceListQuery } from '@/lib/schemas/invoice';
import { authedRoute } from '@/server/authed-route';
import { invoiceCsvStream } from '@/server/invoices/export';
import { orgToday } from '@/server/org/today';

/** CSV of the list's current filter (same query string as /invoices and /api/invoices), streamed. */
export const GET = authedRoute('member', invoiceListQuery, async ({ after: _after, before: _before, ...filter }, ctx) => {
  if (filter.view === 'all' && !roleAtLeast(ctx.role, 'admin')) return err('forbidden', 'Only admins can export every invoice.');
  const today = await orgToday(ctx.orgId);
  return new Response(invoiceCsvStream(ctx.orgId, filter, today), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="invoices-${today}.csv"`,
      'cache-control': 'private, no-store',
    },
  });
});
