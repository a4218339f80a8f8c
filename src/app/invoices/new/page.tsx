import { Link } from '@/components/link';
import { notFound } from 'next/navigation';
import { NewInvoiceForm } from '@/components/invoices/new-invoice-form';
import { formStateFromQuery, formValuesFromInvoice } from '@/lib/invoices/new-invoice-values';
import { roleAtLeast } from '@/lib/roles';
import { invoiceId } from '@/lib/schemas/invoice';
import { requireViewer } from '@/server/auth/viewer';
import { getCustomers } from '@/server/customers/cached';
import { flashFor, takeFlash } from '@/server/flash';
import { getInvoiceRecord } from '@/server/invoices/cached';
import { orgToday } from '@/server/org/today';

type Query = Record<string, string | string[] | undefined>;

const BLANK_ROWS = 2;

/** New invoice, or a duplicate of one (`?from=<id>`). Admins only, as the action checks again. */
export default async function NewInvoicePage({ searchParams }: { searchParams: Promise<Query> }) {
  const viewer = await requireViewer();
  const { orgId, role } = viewer.active;
  if (!roleAtLeast(role, 'admin')) notFound();
  const query = await searchParams;
  const today = await orgToday(orgId);
  const [{ customers }, flash] = await Promise.all([getCustomers(orgId, false), takeFlash(query.flash, viewer.userId)]);
  const failed = flashFor<{ ok: false; values?: Record<string, unknown> }>(flash, 'invoice.create');
  const retyped = formStateFromQuery(query);
  const source = invoiceId.safeParse(query.from);
  const duplicate = source.success ? (await getInvoiceRecord(orgId, source.data)).invoice : null;
  const values = failed?.values ?? retyped?.values ?? (duplicate ? formValuesFromInvoice(duplicate, today) : { issuedOn: today });
  const lines = Array.isArray(values.lines) ? values.lines.length : 0;
  const rows = retyped?.rows ?? Math.max(lines, duplicate ? 1 : BLANK_ROWS);
  // One state shape for all sources: a failed post brings its errors, the others only values.
  const initialState =
    (failed as Parameters<typeof NewInvoiceForm>[0]['initialState']) ??
    ({ ok: false, code: 'bad_request', message: '', values } as const);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">
        {duplicate ? `Duplicate of ${duplicate.invoiceNumber ?? 'a draft'}` : 'New invoice'}
      </h1>
      {customers.length === 0 ? (
        <p className="card">
          Add a customer first:{' '}
          <Link className="text-indigo-700 underline" href="/customers/new">
            new customer
          </Link>
          .
        </p>
      ) : (
        <NewInvoiceForm key={JSON.stringify(values)} customers={customers} initialState={initialState} initialRows={rows} />
      )}
    </div>
  );
}
