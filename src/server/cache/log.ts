import 'server-only';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { db } from '@/server/db/client';
import { cacheInvalidations } from '@/server/db/schema';
import { instanceName } from '@/server/instance';
import { logger } from '@/server/observability/logger';

export type InvalidationSource = 'action' | 'job';
export type InvalidationPrimitive = 'updateTag' | 'revalidateTag';

export interface InvalidationEntry {
  orgId: string;
  tag: string;
  source: InvalidationSource;
  primitive: InvalidationPrimitive;
}

export interface LoggedInvalidation extends InvalidationEntry {
  id: number;
  instance: string;
  at: string;
}

/** Rows kept per organization; older ones are trimmed as new ones arrive. */
export const LOG_LIMIT_PER_ORG = 200;

/**
 * Records invalidations that already happened. Callers log only after the invalidation call returned,
 * so a row never claims an invalidation that threw. A failed log write never fails the user's request.
 */
export async function logCacheInvalidations(entries: InvalidationEntry[]): Promise<void> {
  if (entries.length === 0) return;
  try {
    const database = await db();
    const instance = instanceName();
    await database.insert(cacheInvalidations).values(entries.map((entry) => ({ ...entry, instance })));
    for (const orgId of new Set(entries.map((entry) => entry.orgId))) {
      await database
        .delete(cacheInvalidations)
        .where(
          and(
            eq(cacheInvalidations.orgId, orgId),
            lt(
              cacheInvalidations.id,
              sql`(SELECT id FROM ${cacheInvalidations} WHERE org_id = ${orgId} ORDER BY id DESC OFFSET ${LOG_LIMIT_PER_ORG - 1} LIMIT 1)`,
            ),
          ),
        );
    }
  } catch (error) {
    logger.error(
      { err: error, orgIds: [...new Set(entries.map((entry) => entry.orgId))] },
      'could not record cache invalidations',
    );
  }
}

export async function recentInvalidations(orgId: string, limit = 30): Promise<LoggedInvalidation[]> {
  const rows = await (
    await db()
  )
    .select()
    .from(cacheInvalidations)
    .where(eq(cacheInvalidations.orgId, orgId))
    .orderBy(desc(cacheInvalidations.id))
    .limit(limit);
  return rows.map((row) => ({ ...row, at: row.at.toISOString() }));
}
