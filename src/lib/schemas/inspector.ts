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
  amountCents: z.number().int().refine((cents) => cents !== 0),
});

/** CSV rows `customer, email, due date, amount`; every bad row is reported by its line number. */
export const importInvoicesInput = z.object({
  csv: text('Paste at least one row.').transform((text, ctx) => {
    const lines = text
      .split(/\r?\n/)
      .map((line, index) => ({ line: line.trim(), number: index + 1 }))
      .filter(({ line }) => line !== '');
    if (lines.length === 0) ctx.addIssue({ code: 'custom', message: 'Paste at least one row.' });
    if (lines.length > MAX_IMPORT_ROWS) ctx.addIssue({ code: 'custom', message: `At most ${MAX_IMPORT_ROWS} rows at once.` });
    const rows: ImportRow[] = [];
    for (const { line, number } of lines.slice(0, MAX_IMPORT_ROWS)) {
      const [customerName = '', customerEmail = '', dueOn = '', amount = ''] = line.split(',');
      const parsed = importRow.safeParse({ customerName, customerEmail, dueOn: dueOn.trim(), amountCents: amount });
      if (parsed.success) rows.push(parsed.data);
      else ctx.addIssue({ code: 'custom', message: `Line ${number}: ${parsed.error.issues.map((i) => i.message).join(', ')}.` });
    }
    return rows;
  }),
});

export const misuseToggleInput = z.object({ on: z.enum(['on']).optional() });
