import { invoiceFormFields } from '@/lib/invoice-form-fields';
import { centsToInput } from '@/lib/money';
import { archiveInvoice, restoreInvoice, softDeleteInvoice, updateInvoice } from '@/server/invoices/actions';
import type { ActionState } from '@/lib/action-state';
import { flashFor, type Flash, type FormName } from '@/server/flash';
import type { InvoiceRecord } from '@/lib/invoice';
import { ActionForm, HiddenFields } from '../action-form';

const EDIT_STEP_CENTS = 100;

/** The real lifecycle actions, posted as the invoice page would, returning to /inspector. */
export function TargetActions({ target, flash }: { target: InvoiceRecord; flash: Flash | null }) {
  const failed = (form: FormName) => flashFor<ActionState<InvoiceRecord, InvoiceRecord>>(flash, form);
  const base = { id: target.id, version: target.version, returnTo: '/inspector' };
  const firstLine = target.lines[0];
  const edited = {
    ...invoiceFormFields(target),
    returnTo: '/inspector',
    ...(firstLine && { 'lines.0.unitPrice': centsToInput(firstLine.unitPriceCents + EDIT_STEP_CENTS) }),
  };
  return (
    <div className="flex flex-wrap gap-2">
      <ActionForm action={updateInvoice} initialState={failed('invoice.update')}>
        <HiddenFields fields={edited} />
        <button className="btn btn-primary" data-testid="edit-one-invoice">
          Edit one invoice (+{centsToInput(EDIT_STEP_CENTS)} on line 1)
        </button>
      </ActionForm>
      <ActionForm action={archiveInvoice} initialState={failed('invoice.archive')}>
        <HiddenFields fields={base} />
        <button className="btn" data-testid="archive-invoice" disabled={!!target.archivedAt}>
          Archive
        </button>
      </ActionForm>
      <ActionForm action={restoreInvoice} initialState={failed('invoice.restore')}>
        <HiddenFields fields={base} />
        <button className="btn" data-testid="restore-invoice" disabled={!target.archivedAt}>
          Restore
        </button>
      </ActionForm>
      <ActionForm action={softDeleteInvoice} initialState={failed('invoice.softDelete')}>
        <HiddenFields fields={base} />
        <button className="btn btn-danger" data-testid="soft-delete-invoice">
          Soft-delete
        </button>
      </ActionForm>
    </div>
  );
}
