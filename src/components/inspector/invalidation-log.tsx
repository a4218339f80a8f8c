import type { LoggedInvalidation } from '@/server/cache/log';
import { InspectorTable } from './inspector-table';

export function InvalidationLog({ rows }: { rows: LoggedInvalidation[] }) {
  return (
    <InspectorTable testId="invalidation-log" headers={['At', 'Source', 'Primitive', 'Tag', 'Instance']}>
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
    </InspectorTable>
  );
}
