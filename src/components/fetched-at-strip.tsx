/** When each cached read was actually fetched: a timestamp that does not move is a cache hit. */
export function FetchedAtStrip({ list, summary, record }: { list?: string; summary?: string; record?: string }) {
  const items = [
    ['list-fetched-at', 'List', list],
    ['summary-fetched-at', 'Summary', summary],
    ['record-fetched-at', 'Record', record],
  ] as const;
  return (
    <dl className="flex flex-wrap gap-x-6 gap-y-1 font-mono text-xs text-slate-500" aria-label="Cache fetch times">
      {items.map(([testId, label, value]) =>
        value ? (
          <div key={testId} className="flex gap-1">
            <dt>{label} fetched</dt>
            <dd data-testid={testId}>{value}</dd>
          </div>
        ) : null,
      )}
    </dl>
  );
}
