/** A customer as the directory, the picker and the customer pages show it. Browser-safe. */
export interface Customer {
  id: string;
  name: string;
  email: string;
  billingAddress: string;
  taxId: string | null;
  archivedAt: string | null;
}
