import { describe, expect, it } from 'vitest';
import { importInvoicesInput } from '@/lib/schemas/inspector';

const parseCsv = (csv: string) => importInvoicesInput.safeParse({ csv });

describe('the invoice import CSV', () => {
  it('imports a quoted customer name holding a comma, without the quotes', () => {
    const result = parseCsv('"Acme, Inc.", billing@acme.test, 2026-12-31, 1250.00\nGlobex, ap@globex.test, 2027-01-15, 99.5');
    expect(result.success && result.data.csv).toEqual([
      { customerName: 'Acme, Inc.', customerEmail: 'billing@acme.test', dueOn: '2026-12-31', amountCents: 125_000 },
      { customerName: 'Globex', customerEmail: 'ap@globex.test', dueOn: '2027-01-15', amountCents: 9_950 },
    ]);
  });

  it('keeps an escaped quote inside a quoted field as one quote', () => {
    const result = parseCsv('"The ""Best"" Co", a@b.test, 2026-12-31, 10.00');
    expect(result.success && result.data.csv[0]?.customerName).toBe('The "Best" Co');
  });

  it('reports bad rows by their line number, blank lines counted', () => {
    const result = parseCsv('Acme, a@b.test, 2026-12-31, 10.00\n\nNobody, not-an-email, 2026-12-31, 10.00');
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([expect.stringMatching(/^Line 3: email is not valid/)]);
  });

  it('refuses an unclosed quote with a clear error instead of throwing', () => {
    const result = parseCsv('"Acme, a@b.test, 2026-12-31, 10.00');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/could not be read/);
  });
});
