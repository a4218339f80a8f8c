import { z } from 'zod';
import { parseCents } from '@/lib/money';
import { text, uuidId, wholeNumber } from './primitives';

/** Shared by the server (actions, data layer) and the client (forms). */

export const INVOICE_STATUSES = ['draft', 'sent', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const INVOICE_VIEWS = ['active', 'archived', 'all'] as const;
export type InvoiceView = (typeof INVOICE_VIEWS)[number];

export const PAGE_SIZE = 20;
export const MAX_LINE_ITEMS = 50;
const MAX_UNIT_PRICE_CENTS = 100_000_000_00;

export const invoiceId = uuidId('Not a valid invoice id.');

const isoDate = z.iso.date({ error: 'Use a date like 2026-12-31.' });

export const lineItemInput = z.object({
  description: text('Describe the line item.')
    .trim()
    .min(1, 'Describe the line item.')
    .max(200, 'Keep it under 200 characters.'),
  quantity: wholeNumber('Quantity', { min: 1, max: 100_000 }),
  unitPrice: text('Use an amount like 1250.00 (up to 100,000,000.00).')
    .transform((text, ctx) => {
      const cents = parseCents(text);
      if (cents === null || cents > MAX_UNIT_PRICE_CENTS) {
        ctx.addIssue({ code: 'custom', message: 'Use an amount like 1250.00 (up to 100,000,000.00).' });
        return z.NEVER;
      }
      return cents;
    }),
});
export type LineItemInput = z.output<typeof lineItemInput>;

/** An invoice total stays far inside exact integer arithmetic, in JavaScript and in SQL sums. */
export const MAX_INVOICE_TOTAL_CENTS = 100_000_000_000;

type RawLine = { description?: unknown; quantity?: unknown; unitPrice?: unknown };
const isBlankLine = (line: RawLine | undefined) =>
  !line || [line.description, line.quantity, line.unitPrice].every((v) => typeof v !== 'string' || v.trim() === '');

/**
 * The edit form always offers a few spare rows (so it works without JavaScript). Blank rows become
 * null and are dropped after validation, so a field error keeps the index of the row it belongs to.
 */
const lineItems = z
  .preprocess(
    (value) => (Array.isArray(value) ? Array.from(value as (RawLine | undefined)[], (line) => (isBlankLine(line) ? null : line)) : value ?? []),
    z.array(lineItemInput.nullable()),
  )
  .transform((lines) => lines.filter((line): line is LineItemInput => line !== null))
  .superRefine((lines, ctx) => {
    if (lines.length === 0) ctx.addIssue({ code: 'custom', message: 'An invoice needs at least one line item.' });
    if (lines.length > MAX_LINE_ITEMS) ctx.addIssue({ code: 'custom', message: `At most ${MAX_LINE_ITEMS} line items.` });
    if (lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0) > MAX_INVOICE_TOTAL_CENTS) {
      ctx.addIssue({ code: 'custom', message: 'The invoice total cannot exceed 1,000,000,000.00.' });
    }
  });

/** Where a form may send the user afterwards: Tally's own pages only, never an outside URL. */
export const returnTo = z
  .string()
  .regex(/^\/(invoices|inspector)(\/[0-9a-f-]{36})?(\?[\w=&.-]*)?$/, 'Unknown return path.')
  .optional();

const version = wholeNumber('Version', { min: 1, max: 2_147_483_647 });

export const updateInvoiceInput = z
  .object({
  id: invoiceId,
  version,
  customerName: text('Enter the customer name.').trim().min(1, 'Enter the customer name.').max(120, 'Keep it under 120 characters.'),
  customerEmail: text('Enter a valid email address.').trim().pipe(z.email('Enter a valid email address.')),
  dueOn: isoDate,
  status: z.enum(INVOICE_STATUSES, { error: 'Pick a status.' }),
  lines: lineItems,
  returnTo,
  /** Set only by the conflict screen's "overwrite" button: the version the user has now seen. */
  overwriteVersion: version.optional(),
}).transform(({ overwriteVersion, ...input }) => ({ ...input, version: overwriteVersion ?? input.version }));
export type UpdateInvoiceInput = z.output<typeof updateInvoiceInput>;

export const lifecycleInput = z.object({ id: invoiceId, version, returnTo });
export type LifecycleInput = z.output<typeof lifecycleInput>;

const cursor = wholeNumber('Cursor', { min: 1, max: 2_147_483_647 });

export const invoiceListQuery = z
  .object({
    view: z.enum(INVOICE_VIEWS).default('active'),
    after: cursor.optional(),
    before: cursor.optional(),
  })
  .refine((q) => q.after === undefined || q.before === undefined, 'Use either after or before, not both.');
export type InvoiceListQuery = z.output<typeof invoiceListQuery>;

export const formatInvoiceNumber = (number: number) => `INV-${number}`;

