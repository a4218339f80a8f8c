import { z } from 'zod';
import { centsToInput, parseCents } from '@/lib/money';
import { text, uuidId, wholeNumber } from './primitives';

/** Shared by the server (actions, data layer) and the client (forms). */

export const INVOICE_STATUSES = ['draft', 'sent', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const INVOICE_VIEWS = ['active', 'archived', 'all'] as const;
export type InvoiceView = (typeof INVOICE_VIEWS)[number];

export const PAGE_SIZE = 20;
export const MAX_LINE_ITEMS = 50;
const MAX_UNIT_PRICE_CENTS = 100_000_000_00;

// guid, not uuid: seeded ids are md5-derived and carry no RFC 9562 version bits; both are read lower-case.
function customerIdOf() {
  return uuidId('Pick a customer.');
}
export const invoiceId = uuidId('Not a valid invoice id.');

const isoDate = z.iso.date({ error: 'Use a date like 2026-12-31.' });

export const lineItemInput = z.object({
  description: text('Describe the line item.').trim().min(1, 'Describe the line item.').max(200, 'Keep it under 200 characters.'),
  quantity: wholeNumber('Quantity', { min: 1, max: 100_000 }),
  unitPrice: text('Use an amount like 1250.00 (up to 100,000,000.00).').transform((text, ctx) => {
    const cents = parseCents(text);
    if (cents === null || cents > MAX_UNIT_PRICE_CENTS) {
      ctx.addIssue({ code: 'custom', message: 'Use an amount like 1250.00 (up to 100,000,000.00).' });
      return z.NEVER;
    }
    return cents;
  }),
  /** Percent with up to two decimals ("20", "7.25"), stored as basis points; blank means no tax. */
  taxRate: z
    .string()
    .optional()
    .transform((text, ctx) => {
      const trimmed = text?.trim() ?? '';
      if (trimmed === '') return 0;
      const basisPoints = parseCents(trimmed);
      if (basisPoints === null || basisPoints > 10_000) {
        ctx.addIssue({ code: 'custom', message: 'Use a percentage like 20 or 7.25 (0 to 100).' });
        return z.NEVER;
      }
      return basisPoints;
    }),
});
export type LineItemInput = Omit<z.output<typeof lineItemInput>, 'taxRate'> & { taxRateBp?: number };

/** An invoice total stays far inside exact integer arithmetic, in JavaScript and in SQL sums. */
export const MAX_INVOICE_TOTAL_CENTS = 100_000_000_000;

type RawLine = { description?: unknown; quantity?: unknown; unitPrice?: unknown };
const isBlankLine = (line: RawLine | undefined) =>
  !line || [line.description, line.quantity, line.unitPrice].every((v) => typeof v !== 'string' || v.trim() === '');

/** Subtotal plus each line's tax, rounded half away from zero as the database does. */
export const linesTotalCents = (lines: LineItemInput[]) =>
  lines.reduce((sum, line) => {
    const amount = line.quantity * line.unitPrice;
    return sum + amount + Math.round((amount * (line.taxRateBp ?? 0)) / 10_000);
  }, 0);

/**
 * The edit form always offers a few spare rows (so it works without JavaScript). Blank rows become
 * null and are dropped after validation, so a field error keeps the index of the row it belongs to.
 */
const lineItems = z
  .preprocess(
    (value) =>
      Array.isArray(value)
        ? Array.from(value as (RawLine | undefined)[], (line) => (isBlankLine(line) ? null : line))
        : (value ?? []),
    z.array(lineItemInput.nullable()),
  )
  .transform((lines) =>
    lines.flatMap((line): LineItemInput[] =>
      line
        ? [{ description: line.description, quantity: line.quantity, unitPrice: line.unitPrice, taxRateBp: line.taxRate }]
        : [],
    ),
  )
  .superRefine((lines, ctx) => {
    if (lines.length === 0) ctx.addIssue({ code: 'custom', message: 'An invoice needs at least one line item.' });
    if (lines.length > MAX_LINE_ITEMS) ctx.addIssue({ code: 'custom', message: `At most ${MAX_LINE_ITEMS} line items.` });
    if (linesTotalCents(lines) > MAX_INVOICE_TOTAL_CENTS) {
      ctx.addIssue({ code: 'custom', message: 'The invoice total cannot exceed 1,000,000,000.00.' });
    }
  });

/** Where a form may send the user afterwards: Tally's own pages only, never an outside URL. */
export const returnTo = z
  .string()
  .regex(/^\/(invoices|inspector|customers)(\/[0-9a-f-]{36})?(\?[\w=&.-]*)?$/, 'Unknown return path.')
  .optional();

const version = wholeNumber('Version', { min: 1, max: 2_147_483_647 });

export const updateInvoiceInput = z
  .object({
    id: invoiceId,
    version,
    customerName: text('Enter the customer name.')
      .trim()
      .min(1, 'Enter the customer name.')
      .max(120, 'Keep it under 120 characters.'),
    customerEmail: text('Enter a valid email address.').trim().pipe(z.email('Enter a valid email address.')),
    dueOn: isoDate,
    lines: lineItems,
    returnTo,
    /** Set only by the conflict screen's "overwrite" button: the version the user has now seen. */
    overwriteVersion: version.optional(),
  })
  .transform(({ overwriteVersion, ...input }) => ({ ...input, version: overwriteVersion ?? input.version }));
export type UpdateInvoiceInput = z.output<typeof updateInvoiceInput>;

export const lifecycleInput = z.object({ id: invoiceId, version, returnTo });
export type LifecycleInput = z.output<typeof lifecycleInput>;

/** A page position: the invoice number, preceded by the sort key for the sorts that need one (`2026-03-01~1042`). */
const cursor = z
  .string()
  .regex(/^(?:(\d{4}-\d{2}-\d{2}|\d{1,12})~)?[1-9]\d{0,9}$/, 'Not a valid page link.')
  .refine((text) => Number(text.split('~').at(-1)) <= 2_147_483_647, 'Not a valid page link.');
const blankAsMissing = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsMissing, schema.optional());
const amountFilter = z.string().transform((text, ctx) => {
  const cents = parseCents(text);
  if (cents === null) {
    ctx.addIssue({ code: 'custom', message: 'Use an amount like 250.00.' });
    return z.NEVER;
  }
  return cents;
});

export const INVOICE_SORTS = ['newest', 'oldest', 'due', 'amount'] as const;
export type InvoiceSort = (typeof INVOICE_SORTS)[number];
export const STATUS_FILTERS = [...INVOICE_STATUSES, 'overdue'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/**
 * The invoice list's URL (and /api/invoices, and the CSV export) parsed into one canonical object:
 * every key present in a fixed order, null when unset, so equal filters make equal cache keys.
 */
export const invoiceListQuery = z
  .object({
    view: z.preprocess(blankAsMissing, z.enum(INVOICE_VIEWS).default('active')),
    sort: z.preprocess(blankAsMissing, z.enum(INVOICE_SORTS, { error: 'Unknown sort.' }).default('newest')),
    q: optional(z.string().trim().min(2, 'Type at least 2 characters.').max(100, 'Keep the search under 100 characters.')),
    status: optional(z.enum(STATUS_FILTERS, { error: 'Unknown status.' })),
    customer: optional(customerIdOf()),
    from: optional(isoDate),
    to: optional(isoDate),
    min: optional(amountFilter),
    max: optional(amountFilter),
    after: optional(cursor),
    before: optional(cursor),
  })
  .refine((q) => q.after === undefined || q.before === undefined, 'Use either after or before, not both.')
  .transform((q) => ({
    view: q.view,
    sort: q.sort,
    q: q.q?.toLowerCase() ?? null,
    status: q.status ?? null,
    customer: q.customer?.toLowerCase() ?? null,
    from: q.from ?? null,
    to: q.to ?? null,
    min: q.min ?? null,
    max: q.max ?? null,
    after: q.after ?? null,
    before: q.before ?? null,
  }));
export type InvoiceListQuery = z.output<typeof invoiceListQuery>;
/** The filter part of the query: what the list, the export and the API share (no page position). */
export type InvoiceFilter = Omit<InvoiceListQuery, 'after' | 'before'>;

/** The list URL for a query, dropping unset keys (and the defaults), so links stay short. */
export function invoiceListHref(query: Partial<InvoiceListQuery>, path = '/invoices'): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined) continue;
    if ((key === 'view' && value === 'active') || (key === 'sort' && value === 'newest')) continue;
    params.set(key, key === 'min' || key === 'max' ? centsToInput(Number(value)) : String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export const formatInvoiceNumber = (number: number) => `INV-${number}`;

// ---- The invoicing workflow: new invoices, send, payments, void ----

export const PAYMENT_TERMS = ['net7', 'net14', 'net30', 'date'] as const;
export type PaymentTerms = (typeof PAYMENT_TERMS)[number];
export const TERMS_DAYS: Record<Exclude<PaymentTerms, 'date'>, number> = { net7: 7, net14: 14, net30: 30 };
export const TERMS_LABEL: Record<PaymentTerms, string> = {
  net7: 'Net 7',
  net14: 'Net 14',
  net30: 'Net 30',
  date: 'Due on a date',
};

/** The due date a set of terms gives for an issue date (both ISO dates, calendar arithmetic in UTC). */
export function dueDateFor(issuedOn: string, terms: Exclude<PaymentTerms, 'date'>): string {
  const date = new Date(`${issuedOn}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + TERMS_DAYS[terms]);
  return date.toISOString().slice(0, 10);
}

export const customerId = customerIdOf();

export const newInvoiceInput = z
  .object({
    customerId,
    issuedOn: isoDate,
    terms: z.enum(PAYMENT_TERMS, { error: 'Pick payment terms.' }),
    dueOn: z.string().optional(),
    notes: z.string().trim().max(2000, 'Keep notes under 2,000 characters.').default(''),
    lines: lineItems,
  })
  .transform((input, ctx) => {
    if (input.terms !== 'date') return { ...input, dueOn: dueDateFor(input.issuedOn, input.terms) };
    const due = isoDate.safeParse(input.dueOn ?? '');
    if (!due.success) {
      ctx.addIssue({ code: 'custom', path: ['dueOn'], message: 'Pick a due date.' });
      return z.NEVER;
    }
    if (due.data < input.issuedOn) {
      ctx.addIssue({ code: 'custom', path: ['dueOn'], message: 'The due date cannot be before the issue date.' });
      return z.NEVER;
    }
    return { ...input, dueOn: due.data };
  });
export type NewInvoiceInput = z.output<typeof newInvoiceInput>;

export const sendInvoiceInput = z.object({ id: invoiceId, version, returnTo });

export const recordPaymentInput = z.object({
  id: invoiceId,
  version,
  returnTo,
  amount: z.string().transform((text, ctx) => {
    const cents = parseCents(text);
    if (cents === null || cents === 0) {
      ctx.addIssue({ code: 'custom', message: 'Use an amount like 250.00, more than zero.' });
      return z.NEVER;
    }
    return cents;
  }),
  paidOn: isoDate,
});
export type RecordPaymentInput = z.output<typeof recordPaymentInput>;

export const voidInvoiceInput = z.object({
  id: invoiceId,
  version,
  returnTo,
  reason: z.string().trim().min(3, 'Say why the invoice is void.').max(500, 'Keep it under 500 characters.'),
});
export type VoidInvoiceInput = z.output<typeof voidInvoiceInput>;

/** The label of an invoice: its issued number, or its draft reference until it is sent. */
export const invoiceLabel = (invoice: { invoiceNumber: string | null; number: number }) =>
  invoice.invoiceNumber ?? `Draft ${invoice.number}`;

/** A yearly, per-org, gapless number: INV-2026-0001. */
export const issuedNumber = (year: number, sequence: number) => `INV-${year}-${String(sequence).padStart(4, '0')}`;

/** The list as it opens: active invoices, newest first, no filter. */
export const DEFAULT_LIST_QUERY: InvoiceListQuery = invoiceListQuery.parse({});
