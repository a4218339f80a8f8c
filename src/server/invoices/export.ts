import 'server-only';
import { centsToInput } from '@/lib/money';
import { invoiceLabel, type InvoiceFilter } from '@/lib/schemas/invoice';
import { db } from '@/server/db/client';
import { scopedInvoices, type InvoiceRow } from './scoped';

const BATCH = 1000;
const HEADER = ['number', 'customer', 'email', 'status', 'issued_on', 'due_on', 'currency', 'subtotal', 'tax', 'total', 'paid'];

/** RFC 4180 quoting, and a leading quote for text a spreadsheet would run as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const csvRow = (row: InvoiceRow) =>
  [
    invoiceLabel(row),
    row.customerName,
    row.customerEmail,
    row.status,
    row.issuedOn,
    row.dueOn,
    row.currency,
    centsToInput(row.subtotalCents),
    centsToInput(row.taxCents),
    centsToInput(row.totalCents),
    centsToInput(row.paidCents),
  ]
    .map(csvField)
    .join(',');

/**
 * The CSV of a filter, read uncached in keyset batches of 1,000 and encoded batch by batch: memory
 * stays flat whatever the row count, and the header goes out before the first query returns.
 */
export function invoiceCsvStream(orgId: string, filter: InvoiceFilter, today: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let batches: AsyncGenerator<InvoiceRow[]> | undefined;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(`${HEADER.join(',')}\r\n`));
    },
    async pull(controller) {
      batches ??= scopedInvoices(orgId, await db()).stream({ ...filter, today }, BATCH);
      const next = await batches.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(next.value.map((row) => `${csvRow(row)}\r\n`).join('')));
    },
    async cancel() {
      await batches?.return(undefined);
    },
  });
}
