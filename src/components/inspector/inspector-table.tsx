import type { ReactNode } from 'react';

/** A small monospaced table of the inspector: one header row, then the caller's rows. */
export function InspectorTable({ testId, headers, children }: { testId: string; headers: string[]; children: ReactNode }) {
  return (
    <table className="w-full text-xs" data-testid={testId}>
      <thead className="text-left uppercase text-slate-500">
        <tr>
          {headers.map((header) => (
            <th key={header} className="py-1">
              {header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="font-mono">{children}</tbody>
    </table>
  );
}
