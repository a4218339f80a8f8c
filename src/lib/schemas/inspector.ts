import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { parseCents } from '@/lib/money';
import { text } from './primitives';

/** Larger pastes are imported by the background job, in chunks. */
export const MAX_IMPORT_ROWS = 5_000;
/** Up to this many rows are imported inside the action, so the redirect shows them. */
export const INLINE_IMPORT_ROWS = 500;

const importRow = z.object({
  customerName: text().trim().min(1, 'customer is empty').max(120),
  customerEmail: text().trim().pipe(z.email('email is not valid')),
  dueOn: z.iso.date('due date must look like 2026-12-31'),
  amountCents: z.string().transform((text, ctx) => {
    const cents = parseCents(text);
    if (cents === null || cents === 0) {
      ctx.addIssue({ code: 'custom', message: 'amount must look like 1250.00' });
      return z.NEVER;
    }
    return cents;
  }),
});
export type ImportRow = z.output<typeof importRow>;

/** A row as parsed above, the shape the import job carries in its payload. */
export const parsedImportRow = z.strictObject({
  customerName: z.string().min(1).max(120),
  customerEmail: z.email(),
  dueOn: z.iso.date(),
  amountCents: z
    .number()
    .int()
    .refine((cents) => cents !== 0),
});

/** One record per non-empty line, with the line it ended on; a quoted field may hold commas and quotes. */
function readCsv(text: string): { fields: string[]; line: number }[] {
  const records = parse(text, {
    info: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
  });
  return (records as unknown as { record: string[]; info: { lines: number } }[]).map(({ record, info }) => ({
    fields: record,
    line: info.lines,
  }));
}

/** CSV rows `customer, email, due date, amount` (RFC 4180 quoting); every bad row is reported by its line number. */
export const importInvoicesInput = z.object({
  csv: text('Paste at least one row.').transform((text, ctx) => {
    let records: { fields: string[]; line: number }[];
    try {
      records = readCsv(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `The CSV could not be read: ${(error as Error).message}` });
      return z.NEVER;
    }
    if (records.length === 0) ctx.addIssue({ code: 'custom', message: 'Paste at least one row.' });
    if (records.length > MAX_IMPORT_ROWS) ctx.addIssue({ code: 'custom', message: `At most ${MAX_IMPORT_ROWS} rows at once.` });
    const rows: ImportRow[] = [];
    for (const { fields, line } of records.slice(0, MAX_IMPORT_ROWS)) {
      const [customerName = '', customerEmail = '', dueOn = '', amount = ''] = fields;
      const parsed = importRow.safeParse({ customerName, customerEmail, dueOn, amountCents: amount });
      if (parsed.success) rows.push(parsed.data);
      else ctx.addIssue({ code: 'custom', message: `Line ${line}: ${parsed.error.issues.map((i) => i.message).join(', ')}.` });
    }
    return rows;
  }),
});

export const misuseToggleInput = z.object({ on: z.enum(['on']).optional() });
