'use client';
import { useActionState, useState } from 'react';
import { isError, type FieldErrors } from '@/lib/result';
import { MAX_LINE_ITEMS, PAYMENT_TERMS, TERMS_LABEL } from '@/lib/schemas/invoice';
import { createInvoice } from '@/server/invoices/actions';
import type { ActionState } from '@/lib/action-state';
import { FieldError, FormAlert, fieldErrorsOf, valueOf } from '../field-error';
import { LabelledInput } from '../labelled-input';
import { LineItemRow } from './line-item-row';

type State = ActionState<{ id: string }, never> | null;

function LabelledSelect({
  className,
  label,
  name,
  errors,
  defaultValue,
  options,
}: {
  className?: string;
  label: string;
  name: string;
  errors: FieldErrors | undefined;
  defaultValue: string;
  options: { value: string; label: string }[];
}) {
  return (
    <div className={className}>
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
      </label>
      <select className="input" id={name} name={name} defaultValue={defaultValue} aria-describedby={`${name}-error`}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError errors={errors} name={name} />
    </div>
  );
}

/**
 * A new draft. Adding or removing a line works without JavaScript: those buttons submit the form by
 * GET to this page, which renders it again with what was typed and one row more (or less). With
 * JavaScript they only change the rows here.
 */
export function NewInvoiceForm({
  customers,
  initialState,
  initialRows,
}: {
  customers: { id: string; name: string }[];
  initialState: State;
  initialRows: number;
}) {
  const [state, action, pending] = useActionState(createInvoice, initialState);
  const [rowIds, setRowIds] = useState(() => Array.from({ length: initialRows }, (_, i) => i));
  const [nextId, setNextId] = useState(initialRows);
  const errors = fieldErrorsOf(state);
  const value = (name: string) => valueOf(state, name) ?? '';
  const dateInput = (name: string, label: string) => (
    <LabelledInput label={label} type="date" id={name} name={name} errors={errors} defaultValue={value(name)} />
  );

  return (
    <form action={action} className="card space-y-4" noValidate aria-label="New invoice">
      <FormAlert message={isError(state) ? state.message : undefined} />
      <div className="grid gap-3 md:grid-cols-4">
        <LabelledSelect
          className="md:col-span-2"
          label="Customer"
          name="customerId"
          errors={errors}
          defaultValue={value('customerId')}
          options={[
            { value: '', label: 'Pick a customer…' },
            ...customers.map((customer) => ({ value: customer.id, label: customer.name })),
          ]}
        />
        {dateInput('issuedOn', 'Issue date')}
        <LabelledSelect
          label="Payment terms"
          name="terms"
          errors={errors}
          defaultValue={value('terms') || 'net30'}
          options={PAYMENT_TERMS.map((terms) => ({ value: terms, label: TERMS_LABEL[terms] }))}
        />
        {dateInput('dueOn', 'Due date (with “Due on a date”)')}
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Line items (tax in percent, blank for none)</legend>
        <FieldError errors={errors} name="lines" />
        {rowIds.map((rowId, index) => (
          <LineItemRow
            key={rowId}
            index={index}
            errors={errors}
            value={value}
            removeButton={
              rowIds.length > 1 && (
                <button
                  type="submit"
                  className="btn"
                  formMethod="get"
                  formAction="/invoices/new"
                  name="removeLine"
                  value={index}
                  aria-label={`Remove line ${index + 1}`}
                  onClick={(event) => {
                    event.preventDefault();
                    setRowIds((ids) => ids.filter((id) => id !== rowId));
                  }}
                >
                  ×
                </button>
              )
            }
          />
        ))}
        {rowIds.length < MAX_LINE_ITEMS && (
          <button
            type="submit"
            className="btn"
            formMethod="get"
            formAction="/invoices/new"
            name="intent"
            value="addLine"
            data-testid="add-line"
            onClick={(event) => {
              event.preventDefault();
              setRowIds((ids) => [...ids, nextId]);
              setNextId((id) => id + 1);
            }}
          >
            Add line
          </button>
        )}
      </fieldset>
      <div>
        <label htmlFor="notes" className="block text-sm font-medium">
          Notes
        </label>
        <textarea className="input" id="notes" name="notes" rows={3} defaultValue={value('notes')} />
        <FieldError errors={errors} name="notes" />
      </div>
      <button type="submit" className="btn btn-primary" disabled={pending} data-testid="create-invoice">
        {pending ? 'Saving…' : 'Save draft'}
      </button>
    </form>
  );
}
