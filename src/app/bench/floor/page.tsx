import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { isBenchMode } from '@/server/env';
import { floorRows } from '@/server/bench/floor';

/**
 * The framework floor for bench/http.mjs (TALLY_BENCH=1 only): the root layout and one cached table, no
 * data access, rendered the way Tally's pages are (blocking until the read resolves, no Suspense
 * boundary: docs/decisions/017). `?bytes=N` sizes it like the page it is compared with.
 */
export default async function FloorPage({ searchParams }: { searchParams: Promise<{ bytes?: string }> }) {
  await connection();
  if (!isBenchMode()) notFound();
  const bytes = Math.min(1_000_000, Math.max(0, Number((await searchParams).bytes) || 20_000));
  const rows = await floorRows(bytes);
  return (
    <table className="w-full rounded-lg bg-white text-sm shadow-sm ring-1 ring-slate-200" data-testid="floor">
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} className="border-t border-slate-100">
            <td className="px-3 py-2 font-mono">{row.id}</td>
            <td className="px-3 py-2">{row.label}</td>
            <td className="px-3 py-2 text-right font-mono">{row.amount}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
