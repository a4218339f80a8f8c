'use client';
import { useActionState } from 'react';
import { isError } from '@/lib/result';
import { archiveCustomer } from '@/server/customers/actions';
import type { Customer } from '@/lib/customer';

/** Archived customers leave the picker; their invoices stay as they are. */
export function ArchiveCustomerButton({ customer }: { customer: Customer }) {
  const [state, action, pending] = useActionState(archiveCustomer, null);
  return (
    <form action={action}>
      <input type="hidden" name="id" value={customer.id} />
      <input type="hidden" name="archived" value={customer.archivedAt ? '0' : '1'} />
      <button type="submit" className="btn" disabled={pending} data-testid="archive-customer">
        {customer.archivedAt ? 'Restore customer' : 'Archive customer'}
      </button>
      {isError(state) && (
        <p className="text-sm text-red-600" role="alert">
          {state.message}
        </p>
      )}
    </form>
  );
}
