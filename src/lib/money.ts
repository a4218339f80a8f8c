import { parseDecimal } from '@/lib/schemas/primitives';

/** Money is integer cents end to end; these two functions are the only text <-> cents conversions. */
export function parseCents(text: string): number | null {
  const decimal = parseDecimal(text);
  if (!decimal || decimal.whole.length > 9 || decimal.fraction.length > 2) return null;
  return Number(decimal.whole) * 100 + Number(decimal.fraction.padEnd(2, '0'));
}

export function formatCents(cents: number, currency = 'USD'): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.trunc(abs / 100).toLocaleString('en-US');
  const fraction = String(abs % 100).padStart(2, '0');
  const symbol = currency === 'USD' ? '$' : `${currency} `;
  return `${sign}${symbol}${whole}.${fraction}`;
}

/** The editable text of an amount, without separators or symbol: 1234.50 */
export function centsToInput(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
