import { Link } from '@/components/link';
import { centsToInput } from '@/lib/money';
import { INVOICE_SORTS, STATUS_FILTERS, invoiceListHref, type InvoiceFilter } from '@/lib/schemas/invoice';

const SORT_LABEL = { newest: 'Newest first', oldest: 'Oldest first', due: 'Due date', amount: 'Largest amount' } as const;

/** A plain GET form: the filters live in the URL, so they work without JavaScript and can be shared. */
export function InvoiceFilters({ filter, canCreate }: { filter: InvoiceFilter; canCreate: boolean }) {
  const money = (cents: number | null) => (cents === null ? '' : centsToInput(cents));
  return (
    <form
      method="get"
      action="/invoices"
      className="card flex flex-wrap items-end gap-3 text-sm [&>label]:flex [&>label]:flex-col"
      role="search"
      aria-label="Find invoices"
    >
      <input type="hidden" name="view" value={filter.view} />
      <label>
        Search
        <input
          className="input w-56"
          type="search"
          name="q"
          defaultValue={filter.q ?? ''}
          placeholder="Number, customer or notes"
        />
      </label>
      <label>
        Status
        <select className="input" name="status" defaultValue={filter.status ?? ''}>
          <option value="">Any</option>
          {STATUS_FILTERS.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </label>
      <label>
        Issued from
        <input className="input" type="date" name="from" defaultValue={filter.from ?? ''} />
      </label>
      <label>
        to
        <input className="input" type="date" name="to" defaultValue={filter.to ?? ''} />
      </label>
      <label>
        Min total
        <input className="input w-28" inputMode="decimal" name="min" defaultValue={money(filter.min)} />
      </label>
      <label>
        Max total
        <input className="input w-28" inputMode="decimal" name="max" defaultValue={money(filter.max)} />
      </label>
      <label>
        Sort
        <select className="input" name="sort" defaultValue={filter.sort}>
          {INVOICE_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {SORT_LABEL[sort]}
            </option>
          ))}
        </select>
      </label>
      {filter.customer && <input type="hidden" name="customer" value={filter.customer} />}
      <button type="submit" className="btn btn-primary" data-testid="filter-submit">
        Find
      </button>
      <Link className="btn" href={invoiceListHref({ view: filter.view })}>
        Clear
      </Link>
      <a className="btn" href={invoiceListHref(filter, '/api/invoices/export')} data-testid="export-csv" download>
        Export CSV
      </a>
      {canCreate && (
        <Link className="btn btn-primary ml-auto" href="/invoices/new" data-testid="new-invoice">
          New invoice
        </Link>
      )}
    </form>
  );
}
