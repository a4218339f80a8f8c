'use client';
import { useActionState } from 'react';
import { isError } from '@/lib/result';
import { createCustomer, updateCustomer } from '@/server/customers/actions';
import type { Customer } from '@/lib/customer';
import { FieldError, FormAlert, fieldErrorsOf, valueOf } from '../field-error';
import { LabelledInput } from '../labelled-input';

/** Create (no customer) or edit a customer; a failed post without JavaScript comes back as `initialState`. */
export function CustomerForm({
  customer,
  initialState = null,
}: {
  customer?: Customer;
  initialState?: Parameters<typeof createCustomer>[0];
}) {
  const [state, action, pending] = useActionState(customer ? updateCustomer : createCustomer, initialState);
  const errors = fieldErrorsOf(state);
  const value = (name: string, saved: string | null | undefined) => valueOf(state, name) ?? (state ? '' : (saved ?? ''));
  return (
    <form action={action} className="card space-y-3" noValidate aria-label={customer ? 'Edit customer' : 'New customer'}>
      {customer && <input type="hidden" name="id" value={customer.id} />}
      <FormAlert message={isError(state) ? state.message : undefined} />
      <div className="grid gap-3 md:grid-cols-2">
        <LabelledInput label="Name" name="name" id="name" errors={errors} defaultValue={value('name', customer?.name)} />
        <LabelledInput
          label="Email"
          name="email"
          id="email"
          type="email"
          errors={errors}
          defaultValue={value('email', customer?.email)}
        />
        <LabelledInput
          label="Tax id (optional)"
          name="taxId"
          id="taxId"
          errors={errors}
          defaultValue={value('taxId', customer?.taxId)}
        />
      </div>
      <div>
        <label htmlFor="billingAddress" className="block text-sm font-medium">
          Billing address
        </label>
        <textarea
          className="input"
          id="billingAddress"
          name="billingAddress"
          rows={3}
          defaultValue={value('billingAddress', customer?.billingAddress)}
        />
        <FieldError errors={errors} name="billingAddress" />
      </div>
      <button type="submit" className="btn btn-primary" disabled={pending} data-testid="save-customer">
        {pending ? 'Saving…' : customer ? 'Save customer' : 'Create customer'}
      </button>
    </form>
  );
}
