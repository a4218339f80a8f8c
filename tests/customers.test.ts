import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { err } from '@/lib/result';
import { customerInput } from '@/lib/schemas/customer';
import { db } from '@/server/db/client';
import { customers } from '@/server/db/schema';
import { customerArchive, customerCreate, customerUpdate } from '@/server/customers/mutations';
import { scopedCustomers } from '@/server/customers/scoped';
import { defineMutation } from '@/server/mutation';
import { ACME, acmeAdmin, auditRows, globexAdmin } from './support/fixtures';

const fields = (name: string) => ({ name, email: 'ap@example.test', billingAddress: '1 Quay', taxId: null });
const rawCustomer = async (id: string) => (await (await db()).select().from(customers).where(eq(customers.id, id)))[0];

describe('customer writes on the pipeline: one transaction with the audit row, named once', () => {
  it('creates, edits and archives, each with its audit row', async () => {
    const created = await customerCreate.commit(acmeAdmin, fields(`Quay ${Date.now()}`));
    if (!created.ok) throw new Error(created.message);
    const id = created.data.id;
    const renamed = await customerUpdate.commit(acmeAdmin, { id, ...fields(`Quay renamed ${Date.now()}`) });
    expect(renamed).toMatchObject({ ok: true, data: { id } });
    expect(await customerArchive.commit(acmeAdmin, { id, archived: true })).toMatchObject({ ok: true });
    expect((await rawCustomer(id))?.archivedAt).not.toBeNull();
    expect((await auditRows(id)).map((row) => [row.action, row.details])).toEqual([
      ['customer.create', { name: created.data.name }],
      ['customer.update', { name: renamed.ok ? renamed.data.name : '' }],
      ['customer.archive', { archived: true }],
    ]);
  });

  it('a taken name (any case) is a field error, and nothing is written or audited', async () => {
    const name = `Taken ${Date.now()}`;
    const first = await customerCreate.commit(acmeAdmin, fields(name));
    if (!first.ok) throw new Error(first.message);
    const again = await customerCreate.commit(acmeAdmin, fields(name.toUpperCase()));
    expect(again).toMatchObject({ ok: false, code: 'bad_request', fieldErrors: { name: [expect.any(String)] } });
    const other = await customerCreate.commit(acmeAdmin, fields(`${name} other`));
    if (!other.ok) throw new Error(other.message);
    expect(await customerUpdate.commit(acmeAdmin, { id: other.data.id, ...fields(name) })).toMatchObject({
      ok: false,
      code: 'bad_request',
    });
    expect((await rawCustomer(other.data.id))?.name).toBe(`${name} other`);
    expect((await auditRows(other.data.id)).map((row) => row.action)).toEqual(['customer.create']);
  });

  it("another org's customer is not found for every write", async () => {
    const created = await customerCreate.commit(acmeAdmin, fields(`Private ${Date.now()}`));
    if (!created.ok) throw new Error(created.message);
    const id = created.data.id;
    expect(await customerUpdate.commit(globexAdmin, { id, ...fields('Hijacked') })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(await customerArchive.commit(globexAdmin, { id, archived: true })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await rawCustomer(id)).toMatchObject({ name: created.data.name, archivedAt: null });
    expect(await auditRows(id)).toHaveLength(1);
  });
});

describe('defineMutation: a refusal rolls back what the write did before refusing', () => {
  it('a row inserted before an error Result is not kept', async () => {
    const name = `Rolled back ${Date.now()}`;
    const refusing = defineMutation('customer.create', {
      access: 'admin',
      input: customerInput.omit({ id: true }),
      redirectTo: () => null,
      async run(tx, input, actor) {
        await scopedCustomers(actor.orgId, tx).insert(input);
        return err('bad_request', 'Refused after writing.');
      },
    });
    expect(await refusing.commit(acmeAdmin, fields(name))).toMatchObject({ ok: false, code: 'bad_request' });
    const list = await scopedCustomers(ACME, await db()).list({ includeArchived: true });
    expect(list.map((customer) => customer.name)).not.toContain(name);
  });
});
