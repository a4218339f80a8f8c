import 'server-only';
import { and, asc, eq, gte, isNotNull, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { InvoiceFilter, InvoiceSort, InvoiceView, LineItemInput } from '@/lib/schemas/invoice';
import { keysetOrderBy, keysetPage, type KeysetOrder, type KeysetRequest, type Position } from '@/server/db/keyset';
import type { FoundPage, InvoicePage, InvoiceRecord, InvoiceRow, LineItem, Payment, Summary } from '@/lib/invoice';

export type { FoundPage, InvoicePage, InvoiceRecord, InvoiceRow, LineItem, Payment, Summary };
import type { Executor } from '@/server/db/open';
import { invoiceLineItems, invoicePayments, invoices } from '@/server/db/schema';

export interface PageRequest {
  after?: number;
  before?: number;
  limit: number;
}

export type InvoicePatch = Partial<
  Pick<
    typeof invoices.$inferInsert,
    'customerName' | 'customerEmail' | 'dueOn' | 'status' | 'archivedAt' | 'deletedAt' | 'invoiceNumber' | 'sentAt' | 'voidReason'
  >
>;

export type NewInvoice = Pick<
  typeof invoices.$inferInsert,
  'number' | 'customerName' | 'customerEmail' | 'terms' | 'issuedOn' | 'dueOn' | 'status'
> &
  Partial<Pick<typeof invoices.$inferInsert, 'customerId' | 'notes' | 'currency'>> & { lines: LineItemInput[] };

/** The list filter plus "today" in the org's zone, which decides what is overdue. */
export type FindFilter = InvoiceFilter & { today: string };

/** Outstanding (sent, not fully paid) per currency and due date: the dashboard sums what is overdue at render. */
export interface OutstandingBucket {
  currency: string;
  dueOn: string;
  outstandingCents: number;
}

export interface PaidMonth {
  currency: string;
  /** YYYY-MM */
  month: string;
  paidCents: number;
}

const SORTS: Record<InvoiceSort, KeysetOrder> = {
  newest: { key: invoices.number, direction: 'desc' },
  oldest: { key: invoices.number, direction: 'asc' },
  due: { key: invoices.dueOn, tiebreak: invoices.number, direction: 'asc' },
  amount: { key: invoices.totalCents, tiebreak: invoices.number, direction: 'desc' },
};

const positionOf =
  (sort: InvoiceSort) =>
  (row: InvoiceRow): Position =>
    sort === 'newest' || sort === 'oldest'
      ? { key: row.number }
      : { key: sort === 'due' ? row.dueOn : row.totalCents, tiebreak: row.number };

export const encodeCursor = (position: Position): string =>
  position.tiebreak === undefined ? String(position.key) : `${position.key}~${position.tiebreak}`;

/** A URL cursor read back for a sort, or null when it does not fit the sort (a stale or edited link). */
export function decodeCursor(text: string, sort: InvoiceSort): Position | null {
  const [key, tiebreak] = text.includes('~') ? text.split('~') : [text, undefined];
  if (sort === 'newest' || sort === 'oldest') return tiebreak === undefined ? { key: Number(key) } : null;
  if (tiebreak === undefined || key === undefined) return null;
  const isDate = /^\d{4}-\d{2}-\d{2}$/.test(key);
  if ((sort === 'due') !== isDate) return null;
  return { key: isDate ? key : Number(key), tiebreak: Number(tiebreak) };
}

/** The text search matches this expression; the trigram index is built on exactly the same one. */
const SEARCH_TEXT = sql`lower(coalesce(${invoices.invoiceNumber}, '') || ' ' || ${invoices.customerName} || ' ' || ${invoices.notes})`;
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Every condition of a filter (the view excepted), each one answerable from an index. */
function filterConditions(filter: FindFilter): (SQL | undefined)[] {
  return [
    filter.q ? sql`${SEARCH_TEXT} LIKE ${`%${escapeLike(filter.q)}%`}` : undefined,
    filter.status === 'overdue'
      ? and(eq(invoices.status, 'sent'), lt(invoices.dueOn, filter.today))
      : filter.status
        ? eq(invoices.status, filter.status)
        : undefined,
    filter.customer ? eq(invoices.customerId, filter.customer) : undefined,
    filter.from ? gte(invoices.issuedOn, filter.from) : undefined,
    filter.to ? lte(invoices.issuedOn, filter.to) : undefined,
    filter.min !== null ? gte(invoices.totalCents, filter.min) : undefined,
    filter.max !== null ? lte(invoices.totalCents, filter.max) : undefined,
  ];
}

const NO_FILTER = {
  sort: 'newest',
  q: null,
  status: null,
  customer: null,
  from: null,
  to: null,
  min: null,
  max: null,
  today: '9999-12-31',
} as const;

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
    customerId: row.customerId,
    invoiceNumber: row.invoiceNumber,
    subtotalCents: row.subtotalCents,
    taxCents: row.taxCents,
    paidCents: row.paidCents,
    notes: row.notes,
    sentAt: row.sentAt?.toISOString() ?? null,
    voidReason: row.voidReason,
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

  /** One page of a filtered, sorted list, as `view` and `filter` say, by keyset. */
  const findQuery = (filter: FindFilter & { view: InvoiceView }, boundary: SQL | undefined, ordering: SQL[], limit: number) =>
    executor
      .select()
      .from(invoices)
      .where(inOrg(VIEW_FILTER[filter.view], ...filterConditions(filter), boundary))
      .orderBy(...ordering)
      .limit(limit);

  async function find(
    filter: FindFilter & { view: InvoiceView },
    request: KeysetRequest,
  ): Promise<{ items: InvoiceRow[]; next: Position | null; prev: Position | null }> {
    const where = [VIEW_FILTER[filter.view], ...filterConditions(filter)];
    return keysetPage(
      SORTS[filter.sort],
      request,
      positionOf(filter.sort),
      async (boundary, ordering, limit) => (await findQuery(filter, boundary, ordering, limit)).map(toRow),
      async (boundary) =>
        (
          await executor
            .select({ id: invoices.id })
            .from(invoices)
            .where(inOrg(...where, boundary))
            .limit(1)
        ).length > 0,
    );
  }

  function view(name: InvoiceView) {
    return {
      /** Newest first by number, cursors are numbers (the original list API). */
      async page({ after, before, limit }: PageRequest): Promise<InvoicePage> {
        const page = await find(
          { ...NO_FILTER, view: name },
          {
            after: after === undefined ? undefined : { key: after },
            before: before === undefined ? undefined : { key: before },
            limit,
          },
        );
        return {
          items: page.items,
          nextCursor: page.next ? Number(page.next.key) : null,
          prevCursor: page.prev ? Number(page.prev.key) : null,
        };
      },
    };
  }

  /** Subtotal, tax and total as the SQL sums of the lines. */
  async function refreshTotal(id: string): Promise<void> {
    const lineSum = (
      column: typeof invoiceLineItems.amountCents | typeof invoiceLineItems.taxCents,
    ) => sql`(SELECT COALESCE(SUM(${column}), 0) FROM ${invoiceLineItems}
          WHERE ${invoiceLineItems.invoiceId} = ${id} AND ${invoiceLineItems.orgId} = ${orgId})`;
    await executor
      .update(invoices)
      .set({
        subtotalCents: lineSum(invoiceLineItems.amountCents),
        taxCents: lineSum(invoiceLineItems.taxCents),
        totalCents: sql`${lineSum(invoiceLineItems.amountCents)} + ${lineSum(invoiceLineItems.taxCents)}`,
      })
      .where(inOrg(eq(invoices.id, id)));
  }

  /**
   * Whether the invoice is this org's. Line items and payments carry their own org id, so without this
   * check nothing would stop a write under another org's invoice.
   */
  async function owned(id: string): Promise<boolean> {
    const [row] = await executor
      .select({ id: invoices.id })
      .from(invoices)
      .where(inOrg(eq(invoices.id, id)))
      .limit(1);
    return row !== undefined;
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
        taxRateBp: line.taxRateBp ?? 0,
      })),
    );
  }

  return {
    view,
    find: async (
      filter: FindFilter & { view: InvoiceView },
      request: { after: string | null; before: string | null; limit: number },
    ): Promise<FoundPage> => {
      const position = (text: string | null) => (text === null ? undefined : (decodeCursor(text, filter.sort) ?? undefined));
      const page = await find(filter, { after: position(request.after), before: position(request.before), limit: request.limit });
      return {
        items: page.items,
        nextCursor: page.next && encodeCursor(page.next),
        prevCursor: page.prev && encodeCursor(page.prev),
      };
    },
    /** The first-page statement of a filter, for EXPLAIN in the index tests. */
    findSql: (filter: FindFilter & { view: InvoiceView }, limit: number): SQL =>
      findQuery(filter, undefined, keysetOrderBy(SORTS[filter.sort], false), limit).getSQL(),
    active: () => view('active'),
    archived: () => view('archived'),
    all: () => view('all'),

    async byId(id: string): Promise<InvoiceRecord | null> {
      const [row] = await executor
        .select()
        .from(invoices)
        .where(inOrg(eq(invoices.id, id)))
        .limit(1);
      if (!row) return null;
      const lines = await executor
        .select({
          id: invoiceLineItems.id,
          position: invoiceLineItems.position,
          description: invoiceLineItems.description,
          quantity: invoiceLineItems.quantity,
          unitPriceCents: invoiceLineItems.unitPriceCents,
          amountCents: invoiceLineItems.amountCents,
          taxRateBp: invoiceLineItems.taxRateBp,
          taxCents: invoiceLineItems.taxCents,
        })
        .from(invoiceLineItems)
        .where(and(eq(invoiceLineItems.invoiceId, id), eq(invoiceLineItems.orgId, orgId)))
        .orderBy(asc(invoiceLineItems.position));
      const payments = await executor
        .select({ id: invoicePayments.id, amountCents: invoicePayments.amountCents, paidOn: invoicePayments.paidOn })
        .from(invoicePayments)
        .where(and(eq(invoicePayments.invoiceId, id), eq(invoicePayments.orgId, orgId)))
        .orderBy(asc(invoicePayments.paidOn), asc(invoicePayments.createdAt));
      return { ...toRow(row), lines, payments };
    },

    /** Records a payment and sets paid_cents to the SQL sum of the invoice's payments; false for another org's invoice. */
    async addPayment(id: string, payment: { amountCents: number; paidOn: string; recordedBy: string }): Promise<boolean> {
      if (!(await owned(id))) return false;
      const currency = sql`(SELECT ${invoices.currency} FROM ${invoices} WHERE ${invoices.id} = ${id} AND ${invoices.orgId} = ${orgId})`;
      await executor.insert(invoicePayments).values({ orgId, invoiceId: id, currency, ...payment });
      await executor
        .update(invoices)
        .set({
          paidCents: sql`(SELECT COALESCE(SUM(${invoicePayments.amountCents}), 0) FROM ${invoicePayments}
            WHERE ${invoicePayments.invoiceId} = ${id} AND ${invoicePayments.orgId} = ${orgId})`,
        })
        .where(inOrg(eq(invoices.id, id)));
      return true;
    },

    /** What is still owed on active sent invoices, per currency and due date (optionally for one customer). */
    async outstanding(customerId?: string): Promise<OutstandingBucket[]> {
      const rows = await executor
        .select({
          currency: invoices.currency,
          dueOn: invoices.dueOn,
          outstandingCents: sql<string>`SUM(${invoices.totalCents} - ${invoices.paidCents})::bigint`,
        })
        .from(invoices)
        .where(
          inOrg(VIEW_FILTER.active, eq(invoices.status, 'sent'), customerId ? eq(invoices.customerId, customerId) : undefined),
        )
        .groupBy(invoices.currency, invoices.dueOn)
        .orderBy(asc(invoices.currency), asc(invoices.dueOn));
      return rows.map((row) => ({ ...row, outstandingCents: Number(row.outstandingCents) }));
    },

    /** Payments received per currency and month since `fromDate` (inclusive), summed by Postgres. */
    async paidByMonth(fromDate: string): Promise<PaidMonth[]> {
      const month = sql<string>`to_char(${invoicePayments.paidOn}, 'YYYY-MM')`;
      const rows = await executor
        .select({
          currency: invoicePayments.currency,
          month,
          paidCents: sql<string>`SUM(${invoicePayments.amountCents})::bigint`,
        })
        .from(invoicePayments)
        .where(and(eq(invoicePayments.orgId, orgId), gte(invoicePayments.paidOn, fromDate)))
        .groupBy(invoicePayments.currency, month)
        .orderBy(asc(invoicePayments.currency), asc(month));
      return rows.map((row) => ({ ...row, paidCents: Number(row.paidCents) }));
    },

    /** Every row a filter selects, in its order, in batches of `batch` (the CSV export). */
    async *stream(filter: FindFilter & { view: InvoiceView }, batch: number): AsyncGenerator<InvoiceRow[]> {
      let after: Position | undefined;
      for (;;) {
        const page = await find(filter, { after, limit: batch });
        if (page.items.length > 0) yield page.items;
        if (!page.next) return;
        after = page.next;
      }
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

    /** Replaces the line items and sets total_cents to their SQL sum; false for another org's invoice. */
    async replaceLines(id: string, lines: LineItemInput[]): Promise<boolean> {
      if (!(await owned(id))) return false;
      await executor.delete(invoiceLineItems).where(and(eq(invoiceLineItems.invoiceId, id), eq(invoiceLineItems.orgId, orgId)));
      await insertLines(id, lines);
      await refreshTotal(id);
      return true;
    },

    async insert(invoice: NewInvoice): Promise<string> {
      const { lines, ...fields } = invoice;
      const [row] = await executor
        .insert(invoices)
        .values({ ...fields, orgId })
        .returning({ id: invoices.id });
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
