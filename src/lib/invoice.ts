import type { InvoiceStatus } from '@/lib/schemas/invoice';

/** Invoice output types: what the server reads and the pages, forms and API routes show. Browser-safe. */

export interface InvoiceRow {
  id: string;
  number: number;
  customerName: string;
  customerEmail: string;
  terms: string;
  issuedOn: string;
  dueOn: string;
  status: InvoiceStatus;
  currency: string;
  totalCents: number;
  version: number;
  archivedAt: string | null;
  deletedAt: string | null;
  updatedAt: string;
  customerId: string | null;
  invoiceNumber: string | null;
  subtotalCents: number;
  taxCents: number;
  paidCents: number;
  notes: string;
  sentAt: string | null;
  voidReason: string | null;
}

export interface Payment {
  id: string;
  amountCents: number;
  paidOn: string;
}

export interface LineItem {
  id: string;
  position: number;
  description: string;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
  taxRateBp: number;
  taxCents: number;
}

export interface InvoiceRecord extends InvoiceRow {
  lines: LineItem[];
  payments: Payment[];
}

/** A list page whose cursors are opaque strings for the URL (`key~number`, or the number alone). */
export interface FoundPage {
  items: InvoiceRow[];
  nextCursor: string | null;
  prevCursor: string | null;
}

export interface InvoicePage {
  items: InvoiceRow[];
  /** Pass as `after` for the next (older) page; null on the last page. */
  nextCursor: number | null;
  /** Pass as `before` for the previous (newer) page; null on the first page. */
  prevCursor: number | null;
}

export interface Summary {
  count: number;
  totalCents: number;
}
