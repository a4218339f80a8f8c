import { readForm } from '@/lib/form-data';
import { centsToInput } from '@/lib/money';

type Values = Record<string, unknown>;
type Query = Record<string, string | string[] | undefined>;

const lineCount = (values: Values) => (Array.isArray(values.lines) ? values.lines.length : 0);

/**
 * The no-JavaScript "Add line" / "Remove line" round trip: the form was submitted by GET to its own
 * page; read back what was typed and the row count to render (one more, or one fewer).
 */
export function formStateFromQuery(query: Query): { values: Values; rows: number } | null {
  if (query.intent !== 'addLine' && typeof query.removeLine !== 'string') return null;
  const form = new FormData();
  for (const [name, value] of Object.entries(query)) if (typeof value === 'string') form.set(name, value);
  const read = readForm(form);
  const values = read.ok ? read.data : {};
  if (query.intent === 'addLine') return { values, rows: lineCount(values) + 1 };
  const lines = Array.isArray(values.lines) ? [...(values.lines as unknown[])] : [];
  lines.splice(Number(query.removeLine), 1);
  return { values: { ...values, lines }, rows: Math.max(1, lines.length) };
}

/** A duplicate starts as a copy of the invoice's customer, terms, notes and lines, issued today. */
export function formValuesFromInvoice(
  invoice: {
    customerId: string | null;
    terms: string;
    notes: string;
    lines: { description: string; quantity: number; unitPriceCents: number; taxRateBp: number }[];
  },
  today: string,
): Values {
  return {
    customerId: invoice.customerId ?? '',
    issuedOn: today,
    terms: ['net7', 'net14', 'net30'].includes(invoice.terms) ? invoice.terms : 'net30',
    notes: invoice.notes,
    lines: invoice.lines.map((line) => ({
      description: line.description,
      quantity: String(line.quantity),
      unitPrice: centsToInput(line.unitPriceCents),
      taxRate: line.taxRateBp ? centsToInput(line.taxRateBp) : '',
    })),
  };
}
