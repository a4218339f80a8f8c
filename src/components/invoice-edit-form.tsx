'use client';
import { useActionState, useState } from 'react';
import { centsToInput } from '@/lib/money';
import { MAX_LINE_ITEMS } from '@/lib/schemas/invoice';
import { updateInvoice } from '@/server/invoices/actions';
import { isConflict, isError } from '@/lib/result';
import type { ActionState } from '@/lib/action-state';
import type { InvoiceRecord } from '@/lib/invoice';
import { ConflictPanel } from './conflict-panel';
import { FieldError, FormAlert, fieldErrorsOf, valueOf } from './field-error';
import { LineItemRow } from './invoices/line-item-row';
import { LabelledInput } from './labelled-input';

/** Spare blank rows so a line can be added without JavaScript; blank rows are ignored on save. */
const SPARE_ROWS = 2;

const HEADER_FIELDS = [
  ['customerName', 'Customer', 'text'],
  ['customerEmail', 'Customer email', 'email'],
  ['dueOn', 'Due date', 'date'],
] as const;

export function InvoiceEditForm({
  invoice,
  initialState = null,
}: {
  invoice: InvoiceRecord;
  initialState?: ActionState<InvoiceRecord, InvoiceRecord> | null;
}) {
  const [state, action, pending] = useActionState(updateInvoice, initialState);
  const errors = fieldErrorsOf(state);
  const typedLines = state?.values && Array.isArray(state.values.lines) ? state.values.lines.length : 0;
  const [rows, setRows] = useState(Math.max(invoice.lines.length, typedLines) + SPARE_ROWS);
  // After a failed save show what the user typed; otherwise the saved invoice.
  const value = (name: string, saved: string | number | undefined) => valueOf(state, name) ?? (state ? '' : String(saved ?? ''));
  const field = (name: string) => ({ name, id: name, 'aria-invalid': !!errors?.[name], 'aria-describedby': `${name}-error` });

  return (
    <form action={action} className="card space-y-4" noValidate aria-label="Edit invoice">
      <h2 className="text-lg font-semibold">Edit invoice</h2>
      <input type="hidden" name="id" value={invoice.id} />
      <input type="hidden" name="version" value={invoice.version} />
      {isConflict(state) && <ConflictPanel message={state.message} current={state.current} />}
      <FormAlert message={isError(state) ? state.message : undefined} />
      <div className="grid gap-3 md:grid-cols-2">
        {HEADER_FIELDS.map(([name, label, type]) => (
          <LabelledInput
            key={name}
            label={label}
            type={type}
            errors={errors}
            {...field(name)}
            defaultValue={value(name, invoice[name])}
          />
        ))}
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Line items</legend>
        <FieldError errors={errors} name="lines" />
        {Array.from({ length: rows }, (_, index) => {
          const saved = invoice.lines[index];
          const savedValue: Record<string, string | number | undefined> = saved
            ? {
                description: saved.description,
                quantity: saved.quantity,
                unitPrice: centsToInput(saved.unitPriceCents),
                taxRate: saved.taxRateBp ? centsToInput(saved.taxRateBp) : '',
              }
            : {};
          return (
            <LineItemRow
              key={index}
              index={index}
              errors={errors}
              value={(name) => value(name, savedValue[name.split('.')[2] ?? ''])}
            />
          );
        })}
        {rows < MAX_LINE_ITEMS && (
          <button type="button" className="btn" onClick={() => setRows((n) => n + 1)}>
            Add line
          </button>
        )}
      </fieldset>
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {pending ? 'Saving…' : 'Save invoice'}
      </button>
    </form>
  );
}
