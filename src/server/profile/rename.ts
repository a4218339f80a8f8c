import 'server-only';
import { eq } from 'drizzle-orm';
import { err, ok, type Result } from '@/lib/result';
import type { ProfileNameInput } from '@/lib/schemas/profile';
import { writeAudit } from '@/server/audit';
import type { ActionState } from '@/server/authed-action';
import { db } from '@/server/db/client';
import { member, user } from '@/server/db/schema';

/** What the profile form shows after a refused post. */
export type ProfileFormState = ActionState<unknown, never>;

/**
 * Renames the user and writes one audit row in every organization they belong to (each org's log
 * shows who on its roster changed name), in one transaction. Returns those organizations: each
 * roster that shows the name must be invalidated.
 */
export async function renameUser(userId: string, input: ProfileNameInput): Promise<Result<{ orgIds: string[] }>> {
  return (await db()).transaction(async (tx) => {
    const [current] = await tx.select({ name: user.name }).from(user).where(eq(user.id, userId)).for('update');
    if (!current) return err('not_found', 'Your account no longer exists.');
    if (current.name === input.name) return ok({ orgIds: [] });
    await tx.update(user).set({ name: input.name, updatedAt: new Date() }).where(eq(user.id, userId));
    const orgIds = (await tx.select({ orgId: member.organizationId }).from(member).where(eq(member.userId, userId))).map(
      (row) => row.orgId,
    );
    for (const orgId of orgIds) {
      await writeAudit(tx, {
        orgId,
        actorId: userId,
        action: 'user.rename',
        subjectId: userId,
        details: { from: current.name, to: input.name },
      });
    }
    return ok({ orgIds });
  });
}
