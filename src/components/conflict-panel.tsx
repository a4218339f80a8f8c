import { Link } from '@/components/link';
import { formatCents } from '@/lib/money';
import type { InvoiceRecord } from '@/lib/invoice';

/**
 * Shown when the invoice moved on since the user loaded it: the current values, a reload, and (inside
 * the edit form, for admins, who are the only editors) a deliberate overwrite at the current version.
 */
export function ConflictPanel({
  message,
  current,
  allowOverwrite = true,
}: {
  message: string;
  current: InvoiceRecord;
  allowOverwrite?: boolean;
}) {
  return (
    <div
      className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm"
      role="alert"
      data-testid="conflict-panel"
    >
      <p className="font-medium text-amber-900">{message}</p>
      <p className="text-amber-900">
        It is now at version {current.version}: {current.customerName}, {current.status}, due {current.dueOn}, total{' '}
        <span data-testid="conflict-current-total">{formatCents(current.totalCents, current.currency)}</span>
        {current.archivedAt ? ', archived' : ''}.
      </p>
      <div className="flex gap-2">
        <Link className="btn" href={`/invoices/${current.id}`}>
          Reload the latest version
        </Link>
        {allowOverwrite && !current.deletedAt && (
          <button type="submit" className="btn btn-danger" name="overwriteVersion" value={current.version}>
            Overwrite with my changes
          </button>
        )}
      </div>
    </div>
  );
}
