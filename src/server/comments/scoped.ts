import 'server-only';
import { and, count, eq } from 'drizzle-orm';
import type { Executor } from '@/server/db/open';
import { invoiceComments } from '@/server/db/schema';

/** The only way application code reads or writes comments: every statement is bound to one organization. */
export function scopedComments(orgId: string, executor: Executor) {
  return {
    async countFor(invoiceId: string): Promise<number> {
      const [row] = await executor
        .select({ n: count() })
        .from(invoiceComments)
        .where(and(eq(invoiceComments.orgId, orgId), eq(invoiceComments.invoiceId, invoiceId)));
      return row?.n ?? 0;
    },
  };
}
