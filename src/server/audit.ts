import 'server-only';
import type { CacheEvent } from '@/server/cache/graph';
import type { Executor } from '@/server/db/open';
import { auditLog } from '@/server/db/schema';

/**
 * A write's audit action is its name, which is also its cache event and form name
 * (src/server/mutation.ts); every audited write is a graph event.
 */
export type AuditAction = CacheEvent;

/** Always called with the transaction that made the change, so the row and its audit entry commit together. */
export async function writeAudit(
  tx: Executor,
  entry: { orgId: string; actorId: string | null; action: AuditAction; subjectId: string; details?: Record<string, unknown> },
): Promise<void> {
  await tx.insert(auditLog).values({ ...entry, details: entry.details ?? {} });
}
