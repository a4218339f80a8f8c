import { describe, expect, it } from 'vitest';
import { parseCents } from '@/lib/money';
import { addCommentInput, commentCursor, commentsQuery } from '@/lib/schemas/comment';
import { invoiceId, lineItemInput, updateInvoiceInput } from '@/lib/schemas/invoice';
import { memberInput } from '@/lib/schemas/team';

const line = (quantity: unknown, unitPrice = '1.00') => ({ description: 'Work', quantity, unitPrice });
const encode = (payload: object) => btoa(JSON.stringify(payload)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
const ID = '0a0a0a0a-0000-4000-8000-00000000000a';

describe('strict decimals', () => {
  it.each(['0x10', '1e2', '+1', '-1', '1.', '.5', '1.0', '1 0', 'Infinity', '１', '0b1', '1_000', ''])(
    'quantity %j is refused',
    (quantity) => {
      const parsed = lineItemInput.safeParse(line(quantity));
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['quantity']);
      expect(parsed.error?.issues[0]?.message).toMatch(/^Quantity must be/);
    },
  );

  it.each([
    ['1', 1],
    [' 12 ', 12],
    ['007', 7],
    ['100000', 100_000],
    [3, 3],
  ])('quantity %j is %d', (quantity, expected) => {
    expect(lineItemInput.parse(line(quantity)).quantity).toBe(expected);
  });

  it.each(['0', '100001', '99999999999999999999'])('quantity %j is out of range', (quantity) => {
    expect(lineItemInput.safeParse(line(quantity)).success).toBe(false);
  });

  it.each(['1,2,3', ',5', '1,00', '12,345,6', '0x10', '1e2', '+1', '1.', '.5', '1 000'])('money %j is refused', (text) => {
    expect(parseCents(text)).toBeNull();
  });

  it.each([
    ['1,234,567.89', 123_456_789],
    ['1234567.89', 123_456_789],
    [' 5 ', 500],
  ])('money %j is %d cents', (text, cents) => {
    expect(parseCents(text)).toBe(cents);
  });

  it.each(['0x10', '1e2', '+3', '3.0'])('version %j is refused', (version) => {
    const parsed = updateInvoiceInput.safeParse({ id: ID, version });
    expect(parsed.error?.issues.some((issue) => issue.path[0] === 'version')).toBe(true);
  });
});

describe('storable text', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['a lone high surrogate', 'a\uD800b'],
    ['a lone low surrogate', '\uDC00'],
    ['a surrogate at the end', 'ab\uD83D'],
  ])('a comment with %s is a field error', (_label, body) => {
    const parsed = addCommentInput.safeParse({ invoiceId: ID, id: crypto.randomUUID(), body });
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['body', 'Remove the invisible control characters from this text.'],
    ]);
  });

  it('a paired surrogate (an emoji) is fine', () => {
    expect(addCommentInput.parse({ invoiceId: ID, id: crypto.randomUUID(), body: 'ship it \u{1F680}' }).body).toBe(
      'ship it \u{1F680}',
    );
  });

  it('a line description with NUL is keyed by its field', () => {
    expect(lineItemInput.safeParse({ ...line('1'), description: 'x\u0000' }).error?.issues[0]?.path).toEqual(['description']);
  });
});

describe('canonical ids', () => {
  it('every case variant of an id parses to the one lower-case form', () => {
    expect(invoiceId.parse(ID.toUpperCase())).toBe(ID);
    expect(invoiceId.parse('0A0a0A0a-0000-4000-8000-00000000000A')).toBe(ID);
    expect(
      addCommentInput.parse({ invoiceId: ID.toUpperCase(), id: 'F47AC10B-58CC-4372-A567-0E02B2C3D479', body: 'x' }),
    ).toMatchObject({
      invoiceId: ID,
      id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
    });
    expect(memberInput.parse({ orgId: 'ORG_Acme', userId: 'USR_PAT' })).toEqual({ orgId: 'org_acme', userId: 'usr_pat' });
  });

  it.each([' ' + ID, ID + '\u0000', 'org acme', 'x'.repeat(101), ''])('a malformed id %j is refused', (id) => {
    expect(memberInput.safeParse({ orgId: id, userId: 'usr_pat' }).success).toBe(false);
  });
});

describe('comment cursors', () => {
  const cursor = (at: string) => encode({ at, id: ID, towards: 'older' });

  it.each([
    '0000-01-01T00:00:00Z',
    '1999-12-31T23:59:59Z',
    '2026-01-01T00:00:00+16:00',
    '2026-01-01T00:00:00-14:30',
    '+275760-09-13T00:00:00Z',
  ])('a cursor at %s is refused', (at) => {
    expect(commentsQuery.safeParse({ id: ID, cursor: cursor(at) }).success).toBe(false);
  });

  it('a cursor is canonical: the instant in UTC, the id lower case', () => {
    const payload = encode({ at: '2026-06-01T12:00:00+02:00', id: ID.toUpperCase(), towards: 'newer' });
    expect(commentCursor.parse(payload)).toEqual({ at: '2026-06-01T10:00:00.000Z', id: ID, towards: 'newer' });
  });
});
