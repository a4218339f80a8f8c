import 'server-only';
import { err, ok, type Result } from '@/lib/result';
import { archiveCustomerInput, customerInput } from '@/lib/schemas/customer';
import { defineMutation, type Actor, type Written } from '@/server/mutation';
import { isDuplicateName, scopedCustomers, type Customer } from './scoped';

const NAME_TAKEN = err('bad_request', 'Some fields need attention.', { name: ['A customer with this name already exists.'] });

/** The customer written, audited under its id; invoices keep their bill-to, so the event reaches the directory only. */
function saved(actor: Actor, customer: Customer | null, details: Record<string, unknown>): Result<Written<Customer>> {
  if (!customer) return err('not_found', 'Customer not found.');
  return ok({ data: customer, event: { orgId: actor.orgId }, audit: { subjectId: customer.id, details } });
}

/** The per-org, case-insensitive name is unique in the database: a taken one is a field error (the pipeline rolls back). */
async function unlessNameTaken(write: () => Promise<Customer | null>): Promise<Result<Customer | null>> {
  try {
    return ok(await write());
  } catch (error) {
    if (isDuplicateName(error)) return NAME_TAKEN;
    throw error;
  }
}

const toCustomerPage = (_input: unknown, _actor: Actor, customer: Customer) => `/customers/${customer.id}`;

export const customerCreate = defineMutation('customer.create', {
  access: 'admin',
  input: customerInput.omit({ id: true }),
  redirectTo: toCustomerPage,
  async run(tx, fields, actor) {
    const written = await unlessNameTaken(() => scopedCustomers(actor.orgId, tx).insert(fields));
    return written.ok ? saved(actor, written.data, { name: fields.name }) : written;
  },
});

export const customerUpdate = defineMutation('customer.update', {
  access: 'admin',
  input: customerInput.extend({ id: archiveCustomerInput.shape.id }),
  redirectTo: toCustomerPage,
  async run(tx, { id, ...fields }, actor) {
    const written = await unlessNameTaken(() => scopedCustomers(actor.orgId, tx).update(id, fields));
    return written.ok ? saved(actor, written.data, { name: fields.name }) : written;
  },
});

/** Archived customers leave the picker; their invoices stay as they are. */
export const customerArchive = defineMutation('customer.archive', {
  access: 'admin',
  input: archiveCustomerInput,
  redirectTo: toCustomerPage,
  run: async (tx, { id, archived }, actor) =>
    saved(actor, await scopedCustomers(actor.orgId, tx).setArchived(id, archived), { archived }),
});
