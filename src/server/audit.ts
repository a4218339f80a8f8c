import 'server-only';
import type { CacheEvent } from '@/server/cache/graph';
import type { Executor } from '@/server/db/open';
import { auditLog } from '@/server/db/schema';

/**
 * A write's audit action is its name, which is also its cache event (src/server/mutation.ts). The team
 * writes still name their audit rows on their own until they move onto the pipeline.
 */
export type AuditAction =
  | CacheEvent
  | 'member.add'
  | 'member.invite'
  | 'member.accept'
  | 'member.roleChange'
  | 'member.remove'
  | 'member.leave'
  | 'org.rename'
  | 'user.rename'
  | 'member.invitationCancel'
  | 'member.invitationResend'
  | 'member.ownershipTransfer';

/** Always called with the transaction that made the change, so the row and its audit entry commit together. */
export async function writeAudit(
  tx: Executor,
  entry: { orgId: string; actorId: string | null; action: AuditAction; subjectId: string; details?: Record<string, unknown> },
): Promise<void> {
  await tx.insert(auditLog).values({ ...entry, details: entry.details ?? {} });
}
