import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { EventContext } from '@/server/cache/graph';
import { err, ok, type Result } from '@/lib/result';
import type { Role } from '@/lib/roles';
import type { TransferOwnershipInput } from '@/lib/schemas/team';
import { writeAudit } from '@/server/audit';
import type { Tx } from '@/server/db/open';
import { member } from '@/server/db/schema';
import { fieldError } from './refusals';
import { asTeamAdmin, type Actor } from './team-lock';

/** Each person whose role changed, for the cache to forget (one membership event each). */
export type OwnershipChange = Result<EventContext[]>;

const setRole = (tx: Tx, orgId: string, userId: string, role: Role) =>
  tx
    .update(member)
    .set({ role })
    .where(and(eq(member.organizationId, orgId), eq(member.userId, userId)));

/**
 * An owner makes another member owner and may step down to admin in the same transaction, so the org
 * never passes through a moment without an owner. Judged under the team lock like every team change:
 * an owner demoted a moment ago by a co-owner can no longer transfer.
 */
export function transferOwnership(actor: Actor, input: TransferOwnershipInput): Promise<OwnershipChange> {
  return asTeamAdmin(actor, input.orgId, async (tx, team, actorRole) => {
    if (actorRole !== 'owner') return err('forbidden', 'Only an owner can transfer ownership.');
    const target = team.find(input.userId);
    if (!target) return err('not_found', 'That person is not a member of this organization.');
    if (target.role === 'owner') return fieldError('userId', 'Already an owner.');
    await setRole(tx, actor.orgId, target.userId, 'owner');
    if (input.stepDown) await setRole(tx, actor.orgId, actor.userId, 'admin');
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'member.ownershipTransfer',
      subjectId: target.userId,
      details: { from: target.role, steppedDown: input.stepDown },
    });
    const changed = input.stepDown ? [target.userId, actor.userId] : [target.userId];
    return ok(changed.map((userId) => ({ orgId: actor.orgId, userId })));
  });
}
