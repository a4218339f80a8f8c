/** Money is integer cents end to end; these two functions are the only text <-> cents conversions. */
const AMOUNT = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

export function parseCents(text: string): number | null {
  const match = AMOUNT.exec(text.trim().replaceAll(',', ''));
  if (!match) return null;
  const [, whole = '0', fraction = ''] = match;
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
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
