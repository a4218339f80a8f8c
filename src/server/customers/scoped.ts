import 'server-only';
import type { Customer } from '@/lib/customer';
import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { CustomerInput } from '@/lib/schemas/customer';
import type { Executor } from '@/server/db/open';
import { customers } from '@/server/db/schema';

export type { Customer };

const toCustomer = (row: typeof customers.$inferSelect): Customer => ({
  id: row.id,
  name: row.name,
  email: row.email,
  billingAddress: row.billingAddress,
  taxId: row.taxId,
  archivedAt: row.archivedAt?.toISOString() ?? null,
});

/** Postgres unique_violation: the per-org, case-insensitive customer name is taken. */
export const isDuplicateName = (error: unknown): boolean =>
  !!error &&
  typeof error === 'object' &&
  (('code' in error && error.code === '23505') || ('cause' in error && isDuplicateName(error.cause)));

/** The only door to the customers table: every statement is bound to one organization. */
export function scopedCustomers(orgId: string, executor: Executor) {
  const inOrg = (...conditions: (SQL | undefined)[]) => and(eq(customers.orgId, orgId), ...conditions);
  return {
    async list({ includeArchived }: { includeArchived: boolean }): Promise<Customer[]> {
      const rows = await executor
        .select()
        .from(customers)
        .where(inOrg(includeArchived ? undefined : isNull(customers.archivedAt)))
        .orderBy(asc(sql`lower(${customers.name})`));
      return rows.map(toCustomer);
    },
    async byId(id: string): Promise<Customer | null> {
      const [row] = await executor
        .select()
        .from(customers)
        .where(inOrg(eq(customers.id, id)))
        .limit(1);
      return row ? toCustomer(row) : null;
    },
    async insert(input: Omit<CustomerInput, 'id'>): Promise<Customer> {
      const [row] = await executor
        .insert(customers)
        .values({ ...input, orgId })
        .returning();
      if (!row) throw new Error('Insert returned no row.');
      return toCustomer(row);
    },
    /** The customer with this name (any case), created with `email` when there is none: the import's way in. */
    async idForName(name: string, email: string): Promise<string> {
      const [existing] = await executor
        .select({ id: customers.id })
        .from(customers)
        .where(inOrg(eq(sql`lower(${customers.name})`, name.toLowerCase())))
        .limit(1);
      if (existing) return existing.id;
      const [created] = await executor.insert(customers).values({ orgId, name, email }).returning({ id: customers.id });
      if (!created) throw new Error('Insert returned no row.');
      return created.id;
    },
    async update(id: string, input: Omit<CustomerInput, 'id'>): Promise<Customer | null> {
      const [row] = await executor
        .update(customers)
        .set({ ...input, updatedAt: sql`now()` })
        .where(inOrg(eq(customers.id, id)))
        .returning();
      return row ? toCustomer(row) : null;
    },
    async setArchived(id: string, archived: boolean): Promise<Customer | null> {
      const [row] = await executor
        .update(customers)
        .set({ archivedAt: archived ? sql`now()` : null, updatedAt: sql`now()` })
        .where(inOrg(eq(customers.id, id)))
        .returning();
      return row ? toCustomer(row) : null;
    },
  };
}
