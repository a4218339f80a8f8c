'use server';
import 'server-only';
import { redirect } from 'next/navigation';
import { archiveCustomerInput, customerInput } from '@/lib/schemas/customer';
import { authedAction } from '@/server/authed-action';
import { invalidate } from '@/server/cache/invalidate';
import { saveCustomerRecord, setCustomerArchivedRecord } from './records';

/** Commit (in the record function) -> invalidate the directory -> redirect to the customer's page. */
export const saveCustomer = authedAction(
  'admin',
  customerInput,
  async (input, ctx) => {
    const result = await saveCustomerRecord(ctx, input);
    if (!result.ok) return result;
    await invalidate(input.id ? 'customer.update' : 'customer.create', { orgId: ctx.orgId }, 'interactive', { source: 'action' });
    redirect(`/customers/${result.data.id}`);
  },
  'customer.save',
);

export const archiveCustomer = authedAction(
  'admin',
  archiveCustomerInput,
  async (input, ctx) => {
    const result = await setCustomerArchivedRecord(ctx, input.id, input.archived);
    if (!result.ok) return result;
    await invalidate('customer.archive', { orgId: ctx.orgId }, 'interactive', { source: 'action' });
    redirect(`/customers/${input.id}`);
  },
  'customer.archive',
);
