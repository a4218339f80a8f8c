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
}

export interface LineItem {
  id: string;
  position: number;
  description: string;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
}

export interface InvoiceRecord extends InvoiceRow {
  lines: LineItem[];
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
