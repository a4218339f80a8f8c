import 'server-only';
import { and, asc, desc, eq, gt, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { InvoiceView, LineItemInput } from '@/lib/schemas/invoice';
import type { InvoicePage, InvoiceRecord, InvoiceRow, Summary } from '@/lib/invoice';
import type { Executor } from '@/server/db/open';
import { invoiceLineItems, invoices } from '@/server/db/schema';

export interface PageRequest {
  after?: number;
  before?: number;
  limit: number;
}

export type InvoicePatch = Partial<
  Pick<typeof invoices.$inferInsert, 'customerName' | 'customerEmail' | 'dueOn' | 'status' | 'archivedAt' | 'deletedAt'>
>;

export type NewInvoice = Pick<
  typeof invoices.$inferInsert,
  'number' | 'customerName' | 'customerEmail' | 'terms' | 'issuedOn' | 'dueOn' | 'status'
> & { lines: LineItemInput[] };

const VIEW_FILTER: Record<InvoiceView, SQL | undefined> = {
  active: and(isNull(invoices.archivedAt), isNull(invoices.deletedAt)),
  archived: and(isNotNull(invoices.archivedAt), isNull(invoices.deletedAt)),
  all: undefined,
};

export const isActive = (row: Pick<InvoiceRow, 'archivedAt' | 'deletedAt'>) => !row.archivedAt && !row.deletedAt;

function toRow(row: typeof invoices.$inferSelect): InvoiceRow {
  return {
    id: row.id,
    number: row.number,
    customerName: row.customerName,
    customerEmail: row.customerEmail,
    terms: row.terms,
    issuedOn: row.issuedOn,
    dueOn: row.dueOn,
    status: row.status,
    currency: row.currency,
    totalCents: row.totalCents,
    version: row.version,
    archivedAt: row.archivedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The only way application code reads or writes invoices and their line items: every statement is
 * bound to one organization, so another org's id simply finds nothing.
 */
export function scopedInvoices(orgId: string, executor: Executor) {
  const inOrg = (...conditions: (SQL | undefined)[]) => and(eq(invoices.orgId, orgId), ...conditions);

  function view(name: InvoiceView) {
    const filter = VIEW_FILTER[name];
    const exists = async (condition: SQL) =>
      (await executor.select({ id: invoices.id }).from(invoices).where(inOrg(filter, condition)).limit(1)).length > 0;

    return {
      async page({ after, before, limit }: PageRequest): Promise<InvoicePage> {
        const backwards = before !== undefined;
        const rows = await executor
          .select()
          .from(invoices)
          .where(
            inOrg(
              filter,
              backwards ? gt(invoices.number, before) : after !== undefined ? lt(invoices.number, after) : undefined,
            ),
          )
          .orderBy(backwards ? asc(invoices.number) : desc(invoices.number))
          .limit(limit + 1);
        const hasMore = rows.length > limit;
        const items = rows.slice(0, limit).map(toRow);
        if (backwards) items.reverse();
        const first = items[0];
        const last = items.at(-1);
        if (!first || !last) return { items, nextCursor: null, prevCursor: null };
        return {
          items,
          nextCursor: (backwards ? await exists(lt(invoices.number, last.number)) : hasMore) ? last.number : null,
          prevCursor: (backwards ? hasMore : after !== undefined && (await exists(gt(invoices.number, first.number))))
            ? first.number
            : null,
        };
      },
    };
  }

  async function refreshTotal(id: string): Promise<void> {
    await executor
      .update(invoices)
      .set({
        totalCents: sql`(SELECT COALESCE(SUM(${invoiceLineItems.amountCents}), 0) FROM ${invoiceLineItems}
          WHERE ${invoiceLineItems.invoiceId} = ${id} AND ${invoiceLineItems.orgId} = ${orgId})`,
      })
      .where(inOrg(eq(invoices.id, id)));
  }

  async function insertLines(invoiceId: string, lines: LineItemInput[]): Promise<void> {
    if (lines.length === 0) return;
    await executor.insert(invoiceLineItems).values(
      lines.map((line, index) => ({
        orgId,
        invoiceId,
        position: index + 1,
        description: line.description,
        quantity: line.quantity,
        unitPriceCents: line.unitPrice,
      })),
    );
  }

  return {
    view,
    active: () => view('active'),
    archived: () => view('archived'),
    all: () => view('all'),

    async byId(id: string): Promise<InvoiceRecord | null> {
      const [row] = await executor.select().from(invoices).where(inOrg(eq(invoices.id, id))).limit(1);
      if (!row) return null;
      const lines = await executor
        .select({
          id: invoiceLineItems.id,
          position: invoiceLineItems.position,
          description: invoiceLineItems.description,
          quantity: invoiceLineItems.quantity,
          unitPriceCents: invoiceLineItems.unitPriceCents,
          amountCents: invoiceLineItems.amountCents,
        })
        .from(invoiceLineItems)
        .where(and(eq(invoiceLineItems.invoiceId, id), eq(invoiceLineItems.orgId, orgId)))
        .orderBy(asc(invoiceLineItems.position));
      return { ...toRow(row), lines };
    },

    /** COUNT and SUM of active invoices, computed by Postgres. */
    async summary(): Promise<Summary> {
      const [row] = await executor
        .select({
          count: sql<number>`COUNT(*)::int`,
          totalCents: sql<string>`COALESCE(SUM(${invoices.totalCents}), 0)::bigint`,
        })
        .from(invoices)
        .where(inOrg(VIEW_FILTER.active));
      return { count: row?.count ?? 0, totalCents: Number(row?.totalCents ?? 0) };
    },

    /**
     * The version precondition: writes only if the row is still at `version` and not deleted, bumping
     * the version. Returns null when zero rows matched, which the caller turns into a conflict.
     */
    async applyVersioned(id: string, version: number, patch: InvoicePatch): Promise<InvoiceRow | null> {
      const [row] = await executor
        .update(invoices)
        .set({ ...patch, version: sql`${invoices.version} + 1`, updatedAt: sql`now()` })
        .where(inOrg(eq(invoices.id, id), eq(invoices.version, version), isNull(invoices.deletedAt)))
        .returning();
      return row ? toRow(row) : null;
    },

    /**
     * Replaces the line items and sets total_cents to their SQL sum. Another org's invoice is left
     * alone (false): line items carry their own org id, so nothing else would stop the insert.
     */
    async replaceLines(id: string, lines: LineItemInput[]): Promise<boolean> {
      const [owned] = await executor.select({ id: invoices.id }).from(invoices).where(inOrg(eq(invoices.id, id))).limit(1);
      if (!owned) return false;
      await executor
        .delete(invoiceLineItems)
        .where(and(eq(invoiceLineItems.invoiceId, id), eq(invoiceLineItems.orgId, orgId)));
      await insertLines(id, lines);
      await refreshTotal(id);
      return true;
    },

    async insert(invoice: NewInvoice): Promise<string> {
      const { lines, ...fields } = invoice;
      const [row] = await executor.insert(invoices).values({ ...fields, orgId }).returning({ id: invoices.id });
      if (!row) throw new Error('Insert returned no row.');
      await insertLines(row.id, lines);
      await refreshTotal(row.id);
      return row.id;
    },

    async maxNumber(): Promise<number> {
      const [row] = await executor
        .select({ max: sql<number | null>`MAX(${invoices.number})` })
        .from(invoices)
        .where(inOrg());
      return Number(row?.max ?? 0);
    },
  };
}

export type ScopedInvoices = ReturnType<typeof scopedInvoices>;
