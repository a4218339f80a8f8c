import { formatCents } from '@/lib/money';

const WIDTH = 360;
const HEIGHT = 120;
const BAR_GAP = 4;

/**
 * Server-rendered SVG bars of the paid totals per month; no chart library, no client JavaScript. Fill,
 * font and anchor are set once on the svg (inherited), not on each of the 24 bars and labels, and a month
 * with nothing paid draws no bar: every attribute here is sent twice (HTML and the RSC payload).
 */
export function PaidChart({ currency, months }: { currency: string; months: [string, number][] }) {
  const max = Math.max(1, ...months.map(([, cents]) => cents));
  const barWidth = WIDTH / months.length - BAR_GAP;
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT + 16}`}
      className="h-32 w-full fill-slate-500 text-[9px] [&_rect]:fill-indigo-500"
      textAnchor="middle"
      role="img"
      aria-label={`Paid per month, ${currency}, last 12 months`}
      data-testid="paid-chart"
    >
      {months.map(([month, cents], index) => {
        const height = Math.round((cents / max) * HEIGHT);
        const x = index * (barWidth + BAR_GAP);
        return (
          <g key={month}>
            <title>{`${month}: ${formatCents(cents, currency)}`}</title>
            {height > 0 && <rect x={x} y={HEIGHT - height} width={barWidth} height={height} rx={2} />}
            <text x={x + barWidth / 2} y={HEIGHT + 12}>
              {month.slice(5)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
