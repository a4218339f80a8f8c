import 'server-only';
import { eq } from 'drizzle-orm';
import { err, ok, type Result } from '@/lib/result';
import { addMemberInput, changeRoleInput, leaveInput, memberInput } from '@/lib/schemas/team';
import type { TeamChangeSubject } from '@/lib/team';
import { canManage, wouldLoseLastOwner } from '@/lib/team-rules';
import type { Tx } from '@/server/db/open';
import { user } from '@/server/db/schema';
import { defineMutation, type Written } from '@/server/mutation';
import { TEAM_MANAGER_ROLE } from './policy';
import { fieldError, refuseRole } from './refusals';
import { scopedTeam, type LockedTeam } from './scoped';
import { lockAsTeamAdmin, NOT_A_MEMBER } from './team-lock';

/**
 * Membership writes, each a mutation (src/server/mutation.ts): one transaction under the team lock with
 * its audit row, then the event named like the write. They are done here with Drizzle rather than
 * through Better Auth's organization API, whose writes cannot join this transaction
 * (docs/decisions/009-team-and-permissions.md). Each hands back whom the change was about.
 */
export const TEAM_PAGE = '/settings/team';
export const ORGANIZATIONS_PAGE = '/organizations';

export const NOT_IN_TEAM = 'That person is not a member of this organization.';

/** A change to your own membership can take the team page away from you; your organizations page stays. */
const pageAfter = (actorId: string, subjectId: string) => (actorId === subjectId ? ORGANIZATIONS_PAGE : TEAM_PAGE);

/** A committed team change: the form gets whom it was about, which is also whom the event reaches. */
export const changed = (
  data: TeamChangeSubject,
  audit: Written<TeamChangeSubject>['audit'],
): Result<Written<TeamChangeSubject>> => ok({ data, event: data, audit });

/** The account that uses an email, if any (only ever asked about the email a form names). */
export async function accountIdOf(tx: Tx, email: string): Promise<string | undefined> {
  const [account] = await tx.select({ id: user.id }).from(user).where(eq(user.email, email));
  return account?.id;
}

/** The account behind an email that is not yet in the team, or the field error to show. */
async function newcomer(tx: Tx, team: LockedTeam, email: string): Promise<Result<{ id: string }>> {
  const id = await accountIdOf(tx, email);
  if (!id)
    return fieldError('email', 'No Tally account uses this email. Send an invitation instead: its link lets them create one.');
  if (team.find(id)) return fieldError('email', 'This person is already a member.');
  return ok({ id });
}

/** Adds an existing account to the team now (demo accounts, or anyone the admin vouches for). */
export const memberAdd = defineMutation('member.add', {
  access: TEAM_MANAGER_ROLE,
  input: addMemberInput,
  redirectTo: () => TEAM_PAGE,
  run: (tx, input, actor) =>
    lockAsTeamAdmin(tx, actor, input.orgId, async (team, locked, actorRole) => {
      const refused = refuseRole(actorRole, input.role);
      if (refused) return refused;
      const account = await newcomer(tx, locked, input.email);
      if (!account.ok) return account;
      await team.addMember(account.data.id, input.role);
      // An invitation still pending for this person is moot now.
      await team.cancelPendingTo(input.email, { expiredOnly: false });
      return changed(
        { orgId: actor.orgId, userId: account.data.id },
        { subjectId: account.data.id, details: { role: input.role } },
      );
    }),
});

export const memberChangeRole = defineMutation('member.changeRole', {
  access: TEAM_MANAGER_ROLE,
  input: changeRoleInput,
  redirectTo: (input, actor) => pageAfter(actor.userId, input.userId),
  run: (tx, input, actor) =>
    lockAsTeamAdmin(tx, actor, input.orgId, async (team, locked, actorRole) => {
      const target = locked.find(input.userId);
      if (!target) return err('not_found', NOT_IN_TEAM);
      if (!canManage(actorRole, target.role)) return err('forbidden', "Only an owner can change an owner's role.");
      const refused = refuseRole(actorRole, input.role);
      if (refused) return refused;
      if (target.role === input.role) return fieldError('role', `Already ${input.role}.`);
      if (wouldLoseLastOwner(target.role, input.role, locked.ownerCount)) {
        return fieldError('role', 'The last owner cannot be demoted. Make someone else an owner first.');
      }
      await team.setRole(input.userId, input.role);
      return changed(
        { orgId: actor.orgId, userId: input.userId },
        { subjectId: input.userId, details: { from: target.role, to: input.role } },
      );
    }),
});

const LAST_OWNER_LEAVING = 'The last owner cannot leave. Make someone else an owner first.';

/** An admin or owner removes someone (removing yourself is allowed, with the same last-owner rule as leaving). */
export const memberRemove = defineMutation('member.remove', {
  access: TEAM_MANAGER_ROLE,
  input: memberInput,
  redirectTo: (input, actor) => pageAfter(actor.userId, input.userId),
  run: (tx, input, actor) =>
    lockAsTeamAdmin(tx, actor, input.orgId, async (team, locked, actorRole) => {
      const target = locked.find(input.userId);
      if (!target) return err('not_found', NOT_IN_TEAM);
      const self = input.userId === actor.userId;
      if (!self && !canManage(actorRole, target.role)) return err('forbidden', 'Only an owner can remove an owner.');
      if (wouldLoseLastOwner(target.role, null, locked.ownerCount)) return err('bad_request', LAST_OWNER_LEAVING);
      await team.removeMember(input.userId);
      return changed({ orgId: actor.orgId, userId: input.userId }, { subjectId: input.userId, details: { role: target.role } });
    }),
});

/** Any member leaves one of their organizations (not necessarily the active one). */
export const memberLeave = defineMutation('member.leave', {
  access: 'signedIn',
  input: leaveInput,
  redirectTo: () => ORGANIZATIONS_PAGE,
  async run(tx, { orgId }, { userId }) {
    const team = scopedTeam(orgId, tx);
    const locked = await team.lock();
    const self = locked?.find(userId);
    if (!locked || !self) return err('not_found', NOT_A_MEMBER);
    if (wouldLoseLastOwner(self.role, null, locked.ownerCount)) return err('bad_request', LAST_OWNER_LEAVING);
    await team.removeMember(userId);
    return changed({ orgId, userId }, { subjectId: userId, details: { role: self.role } });
  },
});
