/** The calendar date (YYYY-MM-DD) at `now` in an IANA time zone; "today" for overdue and this month. */
export function localDate(timeZone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    now,
  );
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The first day of the month `monthsBack` months before the month of `date` (YYYY-MM-DD). */
export function monthStart(date: string, monthsBack = 0): string {
  const [year = 1970, month = 1] = date.split('-').map(Number);
  const start = new Date(Date.UTC(year, month - 1 - monthsBack, 1));
  return start.toISOString().slice(0, 10);
}
