/** Dashboard figures derived at render from cached buckets, so a new day needs no cache expiry. */
export interface CurrencyTotals {
  currency: string;
  outstandingCents: number;
  overdueCents: number;
  paidThisMonthCents: number;
  /** The last 12 months, oldest first: [YYYY-MM, cents]. */
  paidByMonth: [string, number][];
}

export function dashboardTotals(
  outstanding: { currency: string; dueOn: string; outstandingCents: number }[],
  paid: { currency: string; month: string; paidCents: number }[],
  today: string,
): CurrencyTotals[] {
  const thisMonth = today.slice(0, 7);
  const months = Array.from({ length: 12 }, (_, index) => {
    const [year = 1970, month = 1] = thisMonth.split('-').map(Number);
    const date = new Date(Date.UTC(year, month - 1 - (11 - index), 1));
    return date.toISOString().slice(0, 7);
  });
  const currencies = [...new Set([...outstanding.map((b) => b.currency), ...paid.map((p) => p.currency)])].sort();
  return currencies.map((currency) => {
    const mine = outstanding.filter((b) => b.currency === currency);
    const paidIn = (month: string) =>
      paid.filter((p) => p.currency === currency && p.month === month).reduce((sum, p) => sum + p.paidCents, 0);
    return {
      currency,
      outstandingCents: mine.reduce((sum, b) => sum + b.outstandingCents, 0),
      // Overdue = sent, unpaid, and the due date is before today in the org's zone.
      overdueCents: mine.filter((b) => b.dueOn < today).reduce((sum, b) => sum + b.outstandingCents, 0),
      paidThisMonthCents: paidIn(thisMonth),
      paidByMonth: months.map((month) => [month, paidIn(month)]),
    };
  });
}
