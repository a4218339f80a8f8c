import { asc, desc, eq, gt, type SQL } from 'drizzle-orm';
import { db } from '@/server/db/client';
import { auditLog, cacheInvalidations, invoiceLineItems, invoices } from '@/server/db/schema';
import { DEMO_ORGS } from '@/server/db/seed-demo';
import { scopedInvoices } from '@/server/invoices/scoped';
import type { InvoiceRecord } from '@/lib/invoice';
import { invoiceFormFields } from '@/lib/invoice-form-fields';
import type { UpdateInvoiceInput } from '@/lib/schemas/invoice';
import type { Role } from '@/lib/roles';
import type { Viewer } from '@/server/auth/viewer';

export const ACME = DEMO_ORGS[0].id;
export const GLOBEX = DEMO_ORGS[1].id;
export const acmeAdmin = { userId: 'usr_admin_acme', orgId: ACME };
export const globexAdmin = { userId: 'usr_admin_globex', orgId: GLOBEX };

/** Test-side reads go straight to the tables: the assertions must not trust the code under test. */
export async function rawInvoice(id: string) {
  const [row] = await (await db()).select().from(invoices).where(eq(invoices.id, id));
  return row;
}

export async function auditRows(subjectId: string) {
  return (await db()).select().from(auditLog).where(eq(auditLog.subjectId, subjectId)).orderBy(asc(auditLog.id));
}

/** An active draft of the org (only drafts are editable), by position among them (newest first). */
export async function activeInvoice(orgId: string, index = 0): Promise<InvoiceRecord> {
  const scoped = scopedInvoices(orgId, await db());
  const page = await scoped.active().page({ limit: 200 });
  const row = page.items.filter((item) => item.status === 'draft')[index];
  if (!row) throw new Error(`No active invoice #${index} in ${orgId}`);
  const record = await scoped.byId(row.id);
  if (!record) throw new Error('vanished');
  return record;
}

export async function archivedInvoice(orgId: string): Promise<InvoiceRecord> {
  const scoped = scopedInvoices(orgId, await db());
  const id = (await scoped.archived().page({ limit: 1 })).items[0]?.id;
  const record = id ? await scoped.byId(id) : null;
  if (!record) throw new Error(`No archived invoice in ${orgId}`);
  return record;
}

/** The edit input that keeps everything as it is except what `changes` says. */
export function editOf(invoice: InvoiceRecord, changes: Partial<UpdateInvoiceInput> = {}): UpdateInvoiceInput {
  return {
    id: invoice.id,
    version: invoice.version,
    customerName: invoice.customerName,
    customerEmail: invoice.customerEmail,
    dueOn: invoice.dueOn,
    lines: invoice.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unitPrice: line.unitPriceCents,
    })),
    returnTo: undefined,
    ...changes,
  };
}

/** Form fields as the edit form posts them. */
export function formOf(fields: Record<string, string | number>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, String(value));
  return form;
}

export function editForm(invoice: InvoiceRecord, overrides: Record<string, string | number> = {}): FormData {
  return formOf({ ...invoiceFormFields(invoice), ...overrides });
}

// ---- Helpers added for the integration suites ----

/** Runs raw SQL and returns its rows on either backend (PGlite answers `{ rows }`, postgres-js an array). */
export async function rawRows<T extends Record<string, unknown>>(query: SQL): Promise<T[]> {
  const result: unknown = await (await db()).execute(query);
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** The invoice's line items, straight from the table, in position order. */
export async function rawLines(invoiceId: string) {
  return (await db())
    .select()
    .from(invoiceLineItems)
    .where(eq(invoiceLineItems.invoiceId, invoiceId))
    .orderBy(asc(invoiceLineItems.position));
}

/** Every invoice row of the org, straight from the table. */
export async function rawOrgInvoices(orgId: string) {
  return (await db()).select().from(invoices).where(eq(invoices.orgId, orgId));
}

/** COUNT/SUM of the org's active invoices computed in JS from the raw rows: independent of scoped.summary(). */
export async function independentSummary(orgId: string): Promise<{ count: number; totalCents: number }> {
  const active = (await rawOrgInvoices(orgId)).filter((row) => row.archivedAt === null && row.deletedAt === null);
  return { count: active.length, totalCents: active.reduce((sum, row) => sum + row.totalCents, 0) };
}

/** Rows of the shared cache invalidation log, oldest first, optionally only those after `afterId`. */
export async function invalidationRows(afterId = 0) {
  return (await db())
    .select()
    .from(cacheInvalidations)
    .where(gt(cacheInvalidations.id, afterId))
    .orderBy(asc(cacheInvalidations.id));
}

export async function lastInvalidationId(): Promise<number> {
  const [row] = await (
    await db()
  )
    .select({ id: cacheInvalidations.id })
    .from(cacheInvalidations)
    .orderBy(desc(cacheInvalidations.id))
    .limit(1);
  return row?.id ?? 0;
}

/** All audit rows (any subject), for "nothing at all was audited" checks. */
export async function auditCount(): Promise<number> {
  return (await (await db()).select({ id: auditLog.id }).from(auditLog)).length;
}

/** A signed-in viewer whose active organization and role the test decides. */
export function viewerOf(userId: string, orgId: string | null, role: Role = 'admin'): Viewer {
  const active = orgId ? { orgId, orgName: orgId === ACME ? 'Acme' : 'Globex', role } : null;
  return { userId, name: userId, email: `${userId}@example.test`, active, memberships: active ? [active] : [] };
}

export const acmeMember = { userId: 'usr_member_acme', orgId: ACME };
