import 'server-only';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { and, eq, gt } from 'drizzle-orm';
import { headers } from 'next/headers';
import type { EventContext } from '@/server/cache/graph';
import { err, ok, type Result } from '@/lib/result';
import { isRole, type Role } from '@/lib/roles';
import { addMemberInput, changeRoleInput, invitationInput, leaveInput, memberInput, type AddMemberInput, type MemberInput } from '@/lib/schemas/team';
import { assignableRoles, canManage, wouldLoseLastOwner } from '@/lib/team-rules';
import { auth } from '@/server/auth/auth';
import type { Tx } from '@/server/db/open';
import { invitation, member, session, user } from '@/server/db/schema';
import { defineMutation, type Actor, type Written } from '@/server/mutation';
import { TEAM_MANAGER_ROLE } from './policy';
import { asTeamAdmin, lockTeam, NOT_A_MEMBER, type LockedTeam, type TeamMember } from './team-lock';

/**
 * Membership writes, each in the mutation's transaction under the team lock. They are done here with
 * Drizzle rather than through Better Auth's organization API, whose writes cannot join this
 * transaction (docs/decisions/009-team-and-permissions.md). Each hands back what the cache must forget.
 */
export type TeamChange = Result<Written<EventContext>>;

export const TEAM_PAGE = '/settings/team';
export const ORGANIZATIONS_PAGE = '/organizations';
/** A change to your own membership can take the team page away from you; your organizations page stays. */
const pageAfter = (actorId: string, subjectId: string) => (actorId === subjectId ? ORGANIZATIONS_PAGE : TEAM_PAGE);

const INVITATION_DAYS = 7;
const fieldError = (field: string, message: string) => err('bad_request', 'Some fields need attention.', { [field]: [message] });

/** A committed membership change: the event reaches the org and the person it is about. */
const changed = (event: EventContext, audit: NonNullable<Written<EventContext>['audit']>): TeamChange =>
  ok({ data: event, event, audit });

function refuseRole(actorRole: Role, role: Role) {
  return assignableRoles(actorRole).includes(role) ? null : fieldError('role', 'Only an owner can make someone an owner.');
}

/** The account behind an email that is not yet in the team, or the field error to show. */
async function newcomer(tx: Tx, team: LockedTeam, email: string): Promise<Result<{ id: string }>> {
  const [account] = await tx.select({ id: user.id }).from(user).where(eq(user.email, email));
  if (!account) return fieldError('email', 'No Tally account uses this email (accounts are created by an administrator).');
  if (team.find(account.id)) return fieldError('email', 'This person is already a member.');
  return ok(account);
}

/**
 * The add-member form's writes: under the team lock, for an admin handing out a role they may give,
 * to an account not yet in the team.
 */
function newcomerMutation<N extends 'member.add' | 'member.invite'>(
  name: N,
  work: (tx: Tx, actor: Actor, input: AddMemberInput, accountId: string) => Promise<TeamChange>,
) {
  return defineMutation(name, {
    access: TEAM_MANAGER_ROLE,
    input: addMemberInput,
    redirectTo: () => TEAM_PAGE,
    run: (tx, input, actor) =>
      asTeamAdmin(tx, actor, input.orgId, async (team, actorRole) => {
        const refused = refuseRole(actorRole, input.role);
        if (refused) return refused;
        const account = await newcomer(tx, team, input.email);
        if (!account.ok) return account;
        return work(tx, actor, input, account.data.id);
      }),
  });
}

/** Adds an existing account to the team now (demo accounts, or anyone the admin vouches for). */
export const memberAdd = newcomerMutation('member.add', async (tx, actor, input, accountId) => {
  await tx.insert(member).values({ id: randomUUID(), organizationId: actor.orgId, userId: accountId, role: input.role });
  // An invitation still pending for this person is moot now.
  await tx
    .update(invitation)
    .set({ status: 'canceled' })
    .where(and(eq(invitation.organizationId, actor.orgId), eq(invitation.email, input.email), eq(invitation.status, 'pending')));
  return changed({ orgId: actor.orgId, userId: accountId }, { subjectId: accountId, details: { role: input.role } });
});

/** Offers membership to an account; it becomes a member when that person accepts. */
export const memberInvite = newcomerMutation('member.invite', async (tx, actor, input, accountId) => {
  const [pending] = await tx
    .select({ id: invitation.id })
    .from(invitation)
    .where(and(eq(invitation.organizationId, actor.orgId), eq(invitation.email, input.email), eq(invitation.status, 'pending'), gt(invitation.expiresAt, new Date())));
  if (pending) return fieldError('email', 'An invitation to this email is already pending.');
  const id = randomUUID();
  await tx.insert(invitation).values({
    id,
    organizationId: actor.orgId,
    email: input.email,
    role: input.role,
    status: 'pending',
    expiresAt: new Date(Date.now() + INVITATION_DAYS * 24 * 60 * 60 * 1000),
    inviterId: actor.userId,
  });
  return changed({ orgId: actor.orgId, userId: accountId }, { subjectId: id, details: { email: input.email, role: input.role } });
});

/** The add-member form's two buttons: add the account now, or invite it. */
export const addOrInvite = (mode: unknown) => (mode === 'invite' ? memberInvite : memberAdd);

/**
 * The invitee (signed in, any active org or none) accepts an open invitation addressed to their email.
 * Accepting also makes the new organization the active one, as Better Auth's own accept does.
 */
export const memberAccept = defineMutation('member.accept', {
  access: 'signedIn',
  input: invitationInput,
  redirectTo: () => '/invoices',
  async afterCommit(joined: EventContext) {
    await (await auth()).api.setActiveOrganization({ body: { organizationId: joined.orgId }, headers: await headers() });
  },
  async run(tx, { invitationId }, { userId }) {
    const [offer] = await tx
      .select({ orgId: invitation.organizationId, role: invitation.role })
      .from(invitation)
      .innerJoin(user, eq(user.email, invitation.email))
      .where(and(eq(invitation.id, invitationId), eq(user.id, userId)));
    if (!offer) return err('not_found', 'This invitation is not addressed to you.');
    const team = await lockTeam(tx, offer.orgId);
    if (!team) return err('not_found', 'This invitation is no longer open.');
    // Re-checked under the lock: a concurrent accept or cancel has committed by now.
    const [opened] = await tx
      .update(invitation)
      .set({ status: 'accepted' })
      .where(and(eq(invitation.id, invitationId), eq(invitation.status, 'pending'), gt(invitation.expiresAt, new Date())))
      .returning({ id: invitation.id });
    if (!opened) return err('not_found', 'This invitation is no longer open.');
    const role: Role = offer.role && isRole(offer.role) ? offer.role : 'member';
    if (!team.find(userId)) await tx.insert(member).values({ id: randomUUID(), organizationId: offer.orgId, userId, role });
    return changed({ orgId: offer.orgId, userId }, { subjectId: userId, details: { invitationId, role } });
  },
});

/**
 * A write about one member of the active org, by an admin under the team lock; a user id not in the
 * team is a 404. A change to yourself lands on your organizations page, as it may take the team page away.
 */
function memberMutation<N extends 'member.roleChange' | 'member.remove', S extends z.ZodType<MemberInput>>(
  name: N,
  input: S,
  work: (tx: Tx, actor: Actor, input: z.output<S>, target: TeamMember, team: LockedTeam, actorRole: Role) => Promise<TeamChange>,
) {
  return defineMutation(name, {
    access: TEAM_MANAGER_ROLE,
    input,
    redirectTo: (parsed, actor) => pageAfter(actor.userId, parsed.userId),
    run: (tx, parsed, actor) =>
      asTeamAdmin(tx, actor, parsed.orgId, async (team, actorRole) => {
        const target = team.find(parsed.userId);
        if (!target) return err('not_found', 'That person is not a member of this organization.');
        return work(tx, actor, parsed, target, team, actorRole);
      }),
  });
}

export const memberRoleChange = memberMutation('member.roleChange', changeRoleInput, async (tx, actor, input, target, team, actorRole) => {
  if (!canManage(actorRole, target.role)) return err('forbidden', "Only an owner can change an owner's role.");
  const refused = refuseRole(actorRole, input.role);
  if (refused) return refused;
  if (target.role === input.role) return fieldError('role', `Already ${input.role}.`);
  if (wouldLoseLastOwner(target.role, input.role, team.ownerCount)) {
    return fieldError('role', 'The last owner cannot be demoted. Make someone else an owner first.');
  }
  await tx.update(member).set({ role: input.role }).where(and(eq(member.organizationId, actor.orgId), eq(member.userId, input.userId)));
  return changed({ orgId: actor.orgId, userId: input.userId }, { subjectId: input.userId, details: { from: target.role, to: input.role } });
});

/** Deletes the membership; the person's sessions working in this org fall back to their other orgs. */
async function deleteMembership(tx: Tx, orgId: string, userId: string) {
  await tx.delete(member).where(and(eq(member.organizationId, orgId), eq(member.userId, userId)));
  await tx.update(session).set({ activeOrganizationId: null }).where(and(eq(session.userId, userId), eq(session.activeOrganizationId, orgId)));
}

const LAST_OWNER_LEAVING = 'The last owner cannot leave. Make someone else an owner first.';

/** An admin or owner removes someone; removing yourself here follows the same last-owner rule as leaving. */
export const memberRemove = memberMutation('member.remove', memberInput, async (tx, actor, input, target, team, actorRole) => {
  const self = input.userId === actor.userId;
  if (!self && !canManage(actorRole, target.role)) return err('forbidden', 'Only an owner can remove an owner.');
  if (wouldLoseLastOwner(target.role, null, team.ownerCount)) return err('bad_request', LAST_OWNER_LEAVING);
  await deleteMembership(tx, actor.orgId, input.userId);
  return changed({ orgId: actor.orgId, userId: input.userId }, { subjectId: input.userId, details: { role: target.role } });
});

/** Any member leaves one of their organizations (not necessarily the active one). */
export const memberLeave = defineMutation('member.leave', {
  access: 'signedIn',
  input: leaveInput,
  redirectTo: () => ORGANIZATIONS_PAGE,
  async run(tx, { orgId }, { userId }) {
    const team = await lockTeam(tx, orgId);
    const self = team?.find(userId);
    if (!team || !self) return err('not_found', NOT_A_MEMBER);
    if (wouldLoseLastOwner(self.role, null, team.ownerCount)) return err('bad_request', LAST_OWNER_LEAVING);
    await deleteMembership(tx, orgId, userId);
    return changed({ orgId, userId }, { subjectId: userId, details: { role: self.role } });
  },
});
