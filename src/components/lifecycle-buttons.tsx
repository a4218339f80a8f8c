'use client';
import { useActionState } from 'react';
import { archiveInvoice, restoreInvoice, softDeleteInvoice } from '@/server/invoices/actions';
import { isConflict, isError } from '@/lib/result';
import type { ActionState } from '@/lib/action-state';
import type { InvoiceRecord } from '@/lib/invoice';
import { ConflictPanel } from './conflict-panel';

type LifecycleAction = typeof archiveInvoice;
type LifecycleState = ActionState<InvoiceRecord, InvoiceRecord> | null;
/** Only what the forms post and show: the page's payload carries these fields, not the whole record. */
export type LifecycleTarget = Pick<InvoiceRecord, 'id' | 'version' | 'archivedAt'>;

function LifecycleForm({
  invoice,
  action,
  label,
  testId,
  danger,
  initialState,
}: {
  invoice: LifecycleTarget;
  action: LifecycleAction;
  label: string;
  testId: string;
  danger?: boolean;
  initialState: LifecycleState;
}) {
  const [state, formAction, pending] = useActionState(action, initialState);
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="id" value={invoice.id} />
      <input type="hidden" name="version" value={invoice.version} />
      <button type="submit" className={`btn ${danger ? 'btn-danger' : ''}`} disabled={pending} data-testid={testId}>
        {label}
      </button>
      {isConflict(state) && <ConflictPanel message={state.message} current={state.current} allowOverwrite={false} />}
      {isError(state) && (
        <p className="text-sm text-red-600" role="alert">
          {state.message}
        </p>
      )}
    </form>
  );
}

/** Rendered for admins only; the actions check the role again in the database. */
export function LifecycleButtons({
  invoice,
  initialStates = {},
}: {
  invoice: LifecycleTarget;
  initialStates?: Partial<Record<'archive' | 'restore' | 'softDelete', LifecycleState>>;
}) {
  const archiveOrRestore = invoice.archivedAt
    ? { action: restoreInvoice, label: 'Restore', testId: 'invoice-restore', initialState: initialStates.restore ?? null }
    : { action: archiveInvoice, label: 'Archive', testId: 'invoice-archive', initialState: initialStates.archive ?? null };
  return (
    <section className="flex flex-wrap items-start gap-2" aria-label="Invoice lifecycle">
      <LifecycleForm invoice={invoice} {...archiveOrRestore} />
      <LifecycleForm
        invoice={invoice}
        action={softDeleteInvoice}
        label="Delete"
        testId="invoice-soft-delete"
        danger
        initialState={initialStates.softDelete ?? null}
      />
    </section>
  );
}
