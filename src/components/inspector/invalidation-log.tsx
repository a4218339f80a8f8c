import type { LoggedInvalidation } from '@/server/cache/log';

export function InvalidationLog({ rows }: { rows: LoggedInvalidation[] }) {
  return (
    <table className="w-full text-xs" data-testid="invalidation-log">
      <thead className="text-left uppercase text-slate-500">
        <tr>
          <th className="py-1">At</th>
          <th className="py-1">Source</th>
          <th className="py-1">Primitive</th>
          <th className="py-1">Tag</th>
          <th className="py-1">Instance</th>
        </tr>
      </thead>
      <tbody className="font-mono">
        {rows.map((row) => (
          <tr
            key={row.id}
            data-testid="invalidation-row"
            data-source={row.source}
            data-primitive={row.primitive}
            data-tag={row.tag}
            className="border-t border-slate-100"
          >
            <td className="py-1">{row.at.slice(11, 23)}</td>
            <td className="py-1">{row.source}</td>
            <td className={`py-1 ${row.primitive === 'updateTag' ? 'text-emerald-700' : 'text-amber-700'}`}>{row.primitive}</td>
            <td className="py-1">{row.tag}</td>
            <td className="py-1 text-slate-500">{row.instance}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
