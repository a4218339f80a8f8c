import 'server-only';
import { eq } from 'drizzle-orm';
import { db } from '@/server/db/client';
import { orgFlags } from '@/server/db/schema';

/**
 * The misuse demo switch. Only `updateInvoice` (to pick the wrong primitive on purpose) and the
 * inspector (to show and set it) read this; production paths never do.
 */
export async function isMisuseOn(orgId: string): Promise<boolean> {
  const [row] = await (await db()).select().from(orgFlags).where(eq(orgFlags.orgId, orgId));
  return row?.misuseRevalidateList ?? false;
}

export async function setMisuse(orgId: string, on: boolean): Promise<void> {
  await (
    await db()
  )
    .insert(orgFlags)
    .values({ orgId, misuseRevalidateList: on })
    .onConflictDoUpdate({ target: orgFlags.orgId, set: { misuseRevalidateList: on } });
}
