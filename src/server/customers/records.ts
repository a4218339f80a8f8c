import 'server-only';
import { err, ok, type Result } from '@/lib/result';
import type { CustomerInput } from '@/lib/schemas/customer';
import { writeAudit } from '@/server/audit';
import { db } from '@/server/db/client';
import type { Actor } from '@/server/invoices/lifecycle';
import { isDuplicateName, scopedCustomers, type Customer } from './scoped';

const NAME_TAKEN = err('bad_request', 'Some fields need attention.', { name: ['A customer with this name already exists.'] });

/** Creates or edits a customer, with its audit row, in one transaction. */
export async function saveCustomerRecord(actor: Actor, { id, ...fields }: CustomerInput): Promise<Result<Customer>> {
  try {
    return await (
      await db()
    ).transaction(async (tx) => {
      const scoped = scopedCustomers(actor.orgId, tx);
      const saved = id ? await scoped.update(id, fields) : await scoped.insert(fields);
      if (!saved) return err('not_found', 'Customer not found.');
      await writeAudit(tx, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: id ? 'customer.update' : 'customer.create',
        subjectId: saved.id,
        details: { name: saved.name },
      });
      return ok(saved);
    });
  } catch (error) {
    if (isDuplicateName(error)) return NAME_TAKEN;
    throw error;
  }
}

export async function setCustomerArchivedRecord(actor: Actor, id: string, archived: boolean): Promise<Result<Customer>> {
  return (await db()).transaction(async (tx) => {
    const saved = await scopedCustomers(actor.orgId, tx).setArchived(id, archived);
    if (!saved) return err('not_found', 'Customer not found.');
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'customer.archive',
      subjectId: id,
      details: { archived },
    });
    return ok(saved);
  });
}
