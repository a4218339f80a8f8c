import { describe, expect, it } from 'vitest';
import { readForm } from '@/lib/form-data';
import { centsToInput, formatCents, parseCents } from '@/lib/money';
import { roleAtLeast, ROLES, type Role } from '@/lib/roles';
import { invoiceListQuery, lifecycleInput, updateInvoiceInput } from '@/lib/schemas/invoice';

describe('money', () => {
  it.each([
    ['12.5', 1250],
    ['12.50', 1250],
    ['12', 1200],
    ['0', 0],
    ['0.05', 5],
    ['1,234.56', 123_456],
    ['  7.1 ', 710],
    ['999999999.99', 99_999_999_999],
  ])('parseCents(%j) === %d', (text, cents) => {
    expect(parseCents(text)).toBe(cents);
  });

  it.each(['0.005', '-1', '1e3', 'abc', '', '.5', '12.', '1.2.3', '$5', '1234567890', 'NaN', 'Infinity', '0x10'])(
    'parseCents(%j) is null',
    (text) => {
      expect(parseCents(text)).toBeNull();
    },
  );

  it.each([
    [123_456, '$1,234.56'],
    [5, '$0.05'],
    [0, '$0.00'],
    [100, '$1.00'],
    [-250, '-$2.50'],
    [123_456_789_01, '$123,456,789.01'],
  ])('formatCents(%d) === %j', (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });

  it('formatCents with another currency uses its code', () => {
    expect(formatCents(1050, 'EUR')).toBe('EUR 10.50');
  });

  it.each([
    [123_450, '1234.50'],
    [5, '0.05'],
    [0, '0.00'],
    [99_999_999_999, '999999999.99'],
  ])('centsToInput(%d) === %j, and parses back', (cents, text) => {
    expect(centsToInput(cents)).toBe(text);
    expect(parseCents(centsToInput(cents))).toBe(cents);
  });
});

const formValues = (form: FormData) => {
  const read = readForm(form);
  if (!read.ok) throw new Error(read.message);
  return read.data;
};

describe('readForm', () => {
  it('reads dotted names as nested arrays/objects and ignores $ACTION_ keys', () => {
    const form = new FormData();
    form.set('id', 'x');
    form.set('lines.0.description', 'First');
    form.set('lines.0.quantity', '2');
    form.set('lines.1.description', 'Second');
    form.set('meta.note', 'hi');
    form.set('$ACTION_ID_abc123', '');
    form.set('$ACTION_REF_1', 'ref');
    form.set('$ACTION_1:0', '{}');
    expect(formValues(form)).toEqual({
      id: 'x',
      lines: [{ description: 'First', quantity: '2' }, { description: 'Second' }],
      meta: { note: 'hi' },
    });
  });

  it('builds an array (not an object) for numeric segments, and ignores files', () => {
    const form = new FormData();
    form.set('lines.0.description', 'Only');
    form.set('upload', new Blob(['data']), 'file.txt');
    const result = formValues(form);
    expect(Array.isArray(result.lines)).toBe(true);
    expect(result).toEqual({ lines: [{ description: 'Only' }] });
  });
});

describe('readForm refuses what no Tally form sends', () => {
  it.each([
    [
      'a value, then a group of the same name',
      [
        ['body', 'x'],
        ['body.x', 'y'],
      ],
    ],
    [
      'a group, then a value of the same name',
      [
        ['body.x', 'y'],
        ['body', 'x'],
      ],
    ],
    [
      'a row index used as a value',
      [
        ['lines.0', 'x'],
        ['lines.0.description', 'y'],
      ],
    ],
    [
      'a value below a value',
      [
        ['lines.0.description', 'x'],
        ['lines.0.description.more', 'y'],
      ],
    ],
  ])('%s is a form error on that field', (_label, entries) => {
    const form = new FormData();
    for (const [name, value] of entries) form.append(name ?? '', value ?? '');
    const read = readForm(form);
    expect(read).toMatchObject({ ok: false, code: 'bad_request' });
    expect(Object.keys((!read.ok && read.code !== 'conflict' && read.fieldErrors) || {})).toEqual([
      entries[0]?.[0]?.split('.')[0],
    ]);
  });

  it.each([
    ['a string', 'body=x'],
    ['an object', { body: 'x' }],
    ['null', null],
    ['an array', [['body', 'x']]],
  ])('an argument that is %s instead of FormData', (_label, argument) => {
    expect(readForm(argument)).toEqual({ ok: false, code: 'bad_request', message: 'Send the form as form data.' });
  });
});

describe('roleAtLeast', () => {
  const expected: Record<Role, Record<Role, boolean>> = {
    member: { member: true, admin: false, owner: false },
    admin: { member: true, admin: true, owner: false },
    owner: { member: true, admin: true, owner: true },
  };
  it.each(ROLES.flatMap((role) => ROLES.map((minimum) => [role, minimum] as const)))('roleAtLeast(%s, %s)', (role, minimum) => {
    expect(roleAtLeast(role, minimum)).toBe(expected[role][minimum]);
  });
});

describe('updateInvoiceInput', () => {
  const base = {
    id: '0b0f5a52-3c7e-0d2a-1111-222233334444',
    version: '3',
    customerName: '  Acme Buyer  ',
    customerEmail: ' buyer@example.test ',
    dueOn: '2026-12-31',
    status: 'sent',
  };
  const line = (description: string, quantity: string, unitPrice: string) => ({ description, quantity, unitPrice });

  it('drops blank line rows (including holes), trims, and converts prices to cents', () => {
    const lines: unknown[] = [line('Design', '2', '1,250.50'), line('', '', ''), line('  ', ' ', '')];
    lines[5] = line('Hosting', '1', '9.99');
    const parsed = updateInvoiceInput.parse({ ...base, lines });
    expect(parsed).toEqual({
      id: base.id,
      version: 3,
      customerName: 'Acme Buyer',
      customerEmail: 'buyer@example.test',
      dueOn: '2026-12-31',
      lines: [
        { description: 'Design', quantity: 2, unitPrice: 125_050, taxRateBp: 0 },
        { description: 'Hosting', quantity: 1, unitPrice: 999, taxRateBp: 0 },
      ],
      returnTo: undefined,
    });
  });

  it('transforms overwriteVersion into version and drops the overwriteVersion key', () => {
    const parsed = updateInvoiceInput.parse({ ...base, overwriteVersion: '7', lines: [line('A', '1', '1')] });
    expect(parsed.version).toBe(7);
    expect('overwriteVersion' in parsed).toBe(false);
    expect(updateInvoiceInput.parse({ ...base, lines: [line('A', '1', '1')] }).version).toBe(3);
  });

  it('a row that is only partly filled is not blank: it is validated', () => {
    const result = updateInvoiceInput.safeParse({ ...base, lines: [line('A', '1', '1'), line('', '2', '')] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['lines.1.description', 'lines.1.unitPrice']);
  });

  it('rejects a price above the cap and an outside returnTo', () => {
    expect(updateInvoiceInput.safeParse({ ...base, lines: [line('A', '1', '100000000.01')] }).success).toBe(false);
    expect(updateInvoiceInput.safeParse({ ...base, lines: [line('A', '1', '100000000.00')] }).success).toBe(true);
    expect(lifecycleInput.safeParse({ id: base.id, version: '1', returnTo: '//evil.test/invoices' }).success).toBe(false);
    expect(lifecycleInput.safeParse({ id: base.id, version: '1', returnTo: '/invoices?view=archived' }).success).toBe(true);
  });
});

describe('invoiceListQuery', () => {
  it('rejects both cursors at once', () => {
    const result = invoiceListQuery.safeParse({ after: '10', before: '20' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/either after or before/);
  });

  it('accepts one cursor and parses into the canonical object (every key, null when unset)', () => {
    const none = {
      view: 'active',
      sort: 'newest',
      q: null,
      status: null,
      customer: null,
      from: null,
      to: null,
      min: null,
      max: null,
      after: null,
      before: null,
    };
    expect(invoiceListQuery.parse({ after: '10' })).toEqual({ ...none, after: '10' });
    expect(invoiceListQuery.parse({ before: '20', view: 'archived' })).toEqual({ ...none, view: 'archived', before: '20' });
    expect(invoiceListQuery.parse({})).toEqual(none);
    // Blank fields from a GET form are unset; search is lower-cased, amounts become cents.
    expect(invoiceListQuery.parse({ q: ' Acme ', status: '', min: '10.50', sort: 'due', after: '2026-03-01~1042' })).toEqual({
      ...none,
      q: 'acme',
      min: 1050,
      sort: 'due',
      after: '2026-03-01~1042',
    });
  });

  it.each([
    { after: 'abc' },
    { after: '0' },
    { before: '-3' },
    { after: '1.5' },
    { after: '2147483648' },
    { view: 'deleted' },
    { status: 'late' },
    { min: '1.234' },
    { q: 'x' },
  ])('rejects %j', (query) => {
    expect(invoiceListQuery.safeParse(query).success).toBe(false);
  });
});

describe('hostile form field names', () => {
  it('never writes through __proto__, constructor or prototype', async () => {
    const form = new FormData();
    form.set('__proto__.polluted', 'yes');
    form.set('constructor.prototype.polluted', 'yes');
    form.set('lines.0.__proto__', 'x');
    form.set('customerName', 'ok');
    expect(formValues(form)).toEqual({ customerName: 'ok' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('ignores array indexes no form has instead of allocating them', async () => {
    const form = new FormData();
    form.set('lines.4294967294.description', 'x');
    form.set('lines.1.description', 'kept');
    const parsed = formValues(form) as { lines: unknown[] };
    expect(parsed.lines).toHaveLength(2);
  });
});

describe('line item validation keeps row positions', () => {
  it('reports a bad price on form row 2 as lines.2 even after a blank row 1', async () => {
    const { updateInvoiceInput } = await import('@/lib/schemas/invoice');
    const result = updateInvoiceInput.safeParse({
      id: '11111111-1111-1111-1111-111111111111',
      version: '1',
      customerName: 'A',
      customerEmail: 'a@b.test',
      dueOn: '2026-12-01',
      status: 'draft',
      lines: [
        { description: 'ok', quantity: '1', unitPrice: '1.00' },
        { description: '', quantity: '', unitPrice: '' },
        { description: 'bad', quantity: '1', unitPrice: 'abc' },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['lines.2.unitPrice']);
  });

  it('asks for a line item when none are posted, and caps the invoice total', async () => {
    const { updateInvoiceInput } = await import('@/lib/schemas/invoice');
    const base = {
      id: '11111111-1111-1111-1111-111111111111',
      version: '1',
      customerName: 'A',
      customerEmail: 'a@b.test',
      dueOn: '2026-12-01',
      status: 'draft',
    };
    expect(updateInvoiceInput.safeParse(base).error?.issues[0]?.message).toBe('An invoice needs at least one line item.');
    const huge = updateInvoiceInput.safeParse({
      ...base,
      lines: [{ description: 'x', quantity: '100000', unitPrice: '100000000.00' }],
    });
    expect(huge.error?.issues[0]?.message).toMatch(/cannot exceed/);
  });
});
