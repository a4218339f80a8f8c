import { centsToInput } from '@/lib/money';
import type { InvoiceRecord } from '@/lib/invoice';

/** The fields the edit form posts for an invoice as it is, with `lines.N.*` names and money as text. */
export function invoiceFormFields(invoice: InvoiceRecord): Record<string, string | number> {
  const fields: Record<string, string | number> = {
    id: invoice.id,
    version: invoice.version,
    customerName: invoice.customerName,
    customerEmail: invoice.customerEmail,
    dueOn: invoice.dueOn,
  };
  invoice.lines.forEach((line, index) => {
    fields[`lines.${index}.description`] = line.description;
    fields[`lines.${index}.quantity`] = line.quantity;
    fields[`lines.${index}.unitPrice`] = centsToInput(line.unitPriceCents);
    fields[`lines.${index}.taxRate`] = line.taxRateBp ? centsToInput(line.taxRateBp) : '';
  });
  return fields;
}
