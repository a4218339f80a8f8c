import 'server-only';
import { err } from '@/lib/result';
import { transferOwnershipInput } from '@/lib/schemas/team';
import { defineMutation } from '@/server/mutation';
import { changed, NOT_IN_TEAM, TEAM_PAGE } from './membership';
import { TEAM_MANAGER_ROLE } from './policy';
import { fieldError } from './refusals';
import { lockAsTeamAdmin } from './team-lock';

/**
 * An owner makes another member owner and may step down to admin in the same transaction, so the org
 * never passes through a moment without an owner. Judged under the team lock like every team change:
 * an owner demoted a moment ago by a co-owner can no longer transfer. The event reaches the list of
 * organizations (with their role in each) of the heir and, when they step down, of the former owner:
 * nobody else's role changed. Stepping down takes nothing away from the team page: the former owner
 * stays an admin.
 */
export const ownershipTransfer = defineMutation('ownership.transfer', {
  access: TEAM_MANAGER_ROLE,
  input: transferOwnershipInput,
  redirectTo: () => TEAM_PAGE,
  run: (tx, input, actor) =>
    lockAsTeamAdmin(tx, actor, input.orgId, async (team, locked, actorRole) => {
      if (actorRole !== 'owner') return err('forbidden', 'Only an owner can transfer ownership.');
      const target = locked.find(input.userId);
      if (!target) return err('not_found', NOT_IN_TEAM);
      if (target.role === 'owner') return fieldError('userId', 'Already an owner.');
      await team.setRole(target.userId, 'owner');
      if (input.stepDown) await team.setRole(actor.userId, 'admin');
      return changed(
        { orgId: actor.orgId, userId: target.userId, memberIds: [target.userId, ...(input.stepDown ? [actor.userId] : [])] },
        { subjectId: target.userId, details: { from: target.role, steppedDown: input.stepDown } },
      );
    }),
});
