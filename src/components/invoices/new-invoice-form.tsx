'use client';
import { useActionState, useState } from 'react';
import { isError } from '@/lib/result';
import { MAX_LINE_ITEMS, PAYMENT_TERMS, TERMS_LABEL } from '@/lib/schemas/invoice';
import { createInvoice } from '@/server/invoices/actions';
import type { ActionState } from '@/lib/action-state';
import { FieldError, fieldErrorsOf, valueOf } from '../field-error';
import { LineItemRow } from './line-item-row';

type State = ActionState<{ id: string }, never> | null;

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

  return (
    <form action={action} className="card space-y-4" noValidate aria-label="New invoice">
      {isError(state) && state.message && (
        <p className="rounded bg-red-50 p-2 text-sm text-red-700" role="alert">
          {state.message}
        </p>
      )}
      <div className="grid gap-3 md:grid-cols-4">
        <div className="md:col-span-2">
          <label htmlFor="customerId" className="block text-sm font-medium">
            Customer
          </label>
          <select
            className="input"
            id="customerId"
            name="customerId"
            defaultValue={value('customerId')}
            aria-describedby="customerId-error"
          >
            <option value="">Pick a customer…</option>
            {customers.map((customer) => (
              <option key={customer.id} value={customer.id}>
                {customer.name}
              </option>
            ))}
          </select>
          <FieldError errors={errors} name="customerId" />
        </div>
        <div>
          <label htmlFor="issuedOn" className="block text-sm font-medium">
            Issue date
          </label>
          <input className="input" type="date" id="issuedOn" name="issuedOn" defaultValue={value('issuedOn')} />
          <FieldError errors={errors} name="issuedOn" />
        </div>
        <div>
          <label htmlFor="terms" className="block text-sm font-medium">
            Payment terms
          </label>
          <select className="input" id="terms" name="terms" defaultValue={value('terms') || 'net30'}>
            {PAYMENT_TERMS.map((terms) => (
              <option key={terms} value={terms}>
                {TERMS_LABEL[terms]}
              </option>
            ))}
          </select>
          <FieldError errors={errors} name="terms" />
        </div>
        <div>
          <label htmlFor="dueOn" className="block text-sm font-medium">
            Due date (with “Due on a date”)
          </label>
          <input className="input" type="date" id="dueOn" name="dueOn" defaultValue={value('dueOn')} />
          <FieldError errors={errors} name="dueOn" />
        </div>
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
