import 'server-only';
import type { Executor } from '@/server/db/open';
import { auditLog } from '@/server/db/schema';

export type AuditAction =
  | 'invoice.update'
  | 'invoice.archive'
  | 'invoice.restore'
  | 'invoice.softDelete'
  | 'invoice.import'
  | 'comment.add'
  | 'member.add'
  | 'member.invite'
  | 'member.accept'
  | 'member.roleChange'
  | 'member.remove'
  | 'member.leave'
  | 'org.rename'
  | 'invoice.create'
  | 'invoice.send'
  | 'invoice.pay'
  | 'invoice.void'
  | 'customer.create'
  | 'customer.update'
  | 'customer.archive';

/** Always called with the transaction that made the change, so the row and its audit entry commit together. */
export async function writeAudit(
  tx: Executor,
  entry: { orgId: string; actorId: string | null; action: AuditAction; subjectId: string; details?: Record<string, unknown> },
): Promise<void> {
  await tx.insert(auditLog).values({ ...entry, details: entry.details ?? {} });
}
