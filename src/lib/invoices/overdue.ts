/** Overdue = sent, not fully paid, and due before today (the org's local date). */
export const isOverdue = (invoice: { status: string; dueOn: string; paidCents: number; totalCents: number }, today: string) =>
  invoice.status === 'sent' && invoice.paidCents < invoice.totalCents && invoice.dueOn < today;
