import 'server-only';
import { roleAtLeast, type Role } from '@/lib/roles';
import { INVOICE_VIEWS, type InvoiceView } from '@/lib/schemas/invoice';

/** Who may see and do what with invoices. Pages, route handlers and the invoice writes ask here. */

/** The role every invoice write needs (edit, archive, restore, delete). */
export const INVOICE_WRITE_ROLE = 'admin' satisfies Role;
/** The role that sees every invoice, deleted ones included (view=all). */
const SEES_DELETED: Role = 'admin';

/** The list views this role may open. */
export const invoiceViewsFor = (role: Role): InvoiceView[] => INVOICE_VIEWS.filter((view) => mayListView(role, view));

export const mayListView = (role: Role, view: InvoiceView): boolean => view !== 'all' || roleAtLeast(role, SEES_DELETED);

/** A soft-deleted invoice exists only for admins; everyone else gets the same 404 as a foreign id. */
export const maySeeInvoice = (role: Role, invoice: { deletedAt: string | null }): boolean =>
  !invoice.deletedAt || roleAtLeast(role, SEES_DELETED);

/** Deleted invoices are read-only for everyone. */
export const mayWriteInvoice = (role: Role, invoice: { deletedAt: string | null }): boolean =>
  !invoice.deletedAt && roleAtLeast(role, INVOICE_WRITE_ROLE);

/** Creating (and duplicating) an invoice is an invoice write. */
export const mayCreateInvoice = (role: Role): boolean => roleAtLeast(role, INVOICE_WRITE_ROLE);
