import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import type { EventContext } from '@/server/cache/graph';
import { err, ok, type Result } from '@/lib/result';
import { isRole, type Role } from '@/lib/roles';
import type { AddMemberInput, ChangeRoleInput, MemberInput } from '@/lib/schemas/team';
import { canManage, wouldLoseLastOwner } from '@/lib/team-rules';
import { writeAudit } from '@/server/audit';
import type { ActionState } from '@/server/authed-action';
import { db } from '@/server/db/client';
import type { Tx } from '@/server/db/open';
import { invitation, member, session, user } from '@/server/db/schema';
import { fieldError, refuseRole } from './refusals';
import { asTeamAdmin, lockTeam, NOT_A_MEMBER, type Actor, type LockedTeam } from './team-lock';

/**
 * Membership writes, each in one transaction with its audit row, under the team lock. They are done
 * here with Drizzle rather than through Better Auth's organization API, whose writes cannot join this
 * transaction (docs/decisions/009-team-and-permissions.md). Each returns what the cache must forget.
 */
export type TeamChange = Result<EventContext>;
/** What a team form holds after a refused post (an accepted one redirects). */
export type TeamFormState = ActionState<EventContext, never>;

/** The account behind an email that is not yet in the team, or the field error to show. */
async function newcomer(tx: Tx, team: LockedTeam, email: string): Promise<Result<{ id: string }>> {
  const [account] = await tx.select({ id: user.id }).from(user).where(eq(user.email, email));
  if (!account)
    return fieldError('email', 'No Tally account uses this email. Send an invitation instead: its link lets them create one.');
  if (team.find(account.id)) return fieldError('email', 'This person is already a member.');
  return ok(account);
}

/** Adds an existing account to the team now (demo accounts, or anyone the admin vouches for). */
export function addMember(actor: Actor, input: AddMemberInput): Promise<TeamChange> {
  return asTeamAdmin(actor, input.orgId, async (tx, team, actorRole) => {
    const refused = refuseRole(actorRole, input.role);
    if (refused) return refused;
    const account = await newcomer(tx, team, input.email);
    if (!account.ok) return account;
    await tx.insert(member).values({ id: randomUUID(), organizationId: actor.orgId, userId: account.data.id, role: input.role });
    // An invitation still pending for this person is moot now.
    await tx
      .update(invitation)
      .set({ status: 'canceled' })
      .where(
        and(eq(invitation.organizationId, actor.orgId), eq(invitation.email, input.email), eq(invitation.status, 'pending')),
      );
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'member.add',
      subjectId: account.data.id,
      details: { role: input.role },
    });
    return ok({ orgId: actor.orgId, userId: account.data.id });
  });
}

/**
 * The invitee (signed in, any active org or none) accepts an open invitation addressed to their email.
 * `activateSession` (a session token) is made to work in the org in the same transaction: the session a
 * sign-up just created, which the request's own cookies do not carry yet.
 */
export async function acceptInvitation(userId: string, invitationId: string, activateSession?: string): Promise<TeamChange> {
  return (await db()).transaction(async (tx) => {
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
    if (activateSession) {
      await tx
        .update(session)
        .set({ activeOrganizationId: offer.orgId })
        .where(and(eq(session.token, activateSession), eq(session.userId, userId)));
    }
    await writeAudit(tx, {
      orgId: offer.orgId,
      actorId: userId,
      action: 'member.accept',
      subjectId: userId,
      details: { invitationId, role },
    });
    return ok({ orgId: offer.orgId, userId });
  });
}

export function changeMemberRole(actor: Actor, input: ChangeRoleInput): Promise<TeamChange> {
  return asTeamAdmin(actor, input.orgId, async (tx, team, actorRole) => {
    const target = team.find(input.userId);
    if (!target) return err('not_found', 'That person is not a member of this organization.');
    if (!canManage(actorRole, target.role)) return err('forbidden', "Only an owner can change an owner's role.");
    const refused = refuseRole(actorRole, input.role);
    if (refused) return refused;
    if (target.role === input.role) return fieldError('role', `Already ${input.role}.`);
    if (wouldLoseLastOwner(target.role, input.role, team.ownerCount)) {
      return fieldError('role', 'The last owner cannot be demoted. Make someone else an owner first.');
    }
    await tx
      .update(member)
      .set({ role: input.role })
      .where(and(eq(member.organizationId, actor.orgId), eq(member.userId, input.userId)));
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'member.roleChange',
      subjectId: input.userId,
      details: { from: target.role, to: input.role },
    });
    return ok({ orgId: actor.orgId, userId: input.userId });
  });
}

/** Deletes the membership; the person's sessions working in this org fall back to their other orgs. */
async function deleteMembership(tx: Tx, orgId: string, userId: string) {
  await tx.delete(member).where(and(eq(member.organizationId, orgId), eq(member.userId, userId)));
  await tx
    .update(session)
    .set({ activeOrganizationId: null })
    .where(and(eq(session.userId, userId), eq(session.activeOrganizationId, orgId)));
}

const LAST_OWNER_LEAVING = 'The last owner cannot leave. Make someone else an owner first.';

/** An admin or owner removes someone (removing yourself is leaving, with the same last-owner rule). */
export function removeMember(actor: Actor, input: MemberInput): Promise<TeamChange> {
  return asTeamAdmin(actor, input.orgId, async (tx, team, actorRole) => {
    const target = team.find(input.userId);
    if (!target) return err('not_found', 'That person is not a member of this organization.');
    const self = input.userId === actor.userId;
    if (!self && !canManage(actorRole, target.role)) return err('forbidden', 'Only an owner can remove an owner.');
    if (wouldLoseLastOwner(target.role, null, team.ownerCount)) return err('bad_request', LAST_OWNER_LEAVING);
    await deleteMembership(tx, actor.orgId, input.userId);
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: self ? 'member.leave' : 'member.remove',
      subjectId: input.userId,
      details: { role: target.role },
    });
    return ok({ orgId: actor.orgId, userId: input.userId });
  });
}

/** Any member leaves one of their organizations (not necessarily the active one). */
export async function leaveOrganization(userId: string, orgId: string): Promise<TeamChange> {
  return (await db()).transaction(async (tx) => {
    const team = await lockTeam(tx, orgId);
    const self = team?.find(userId);
    if (!team || !self) return err('not_found', NOT_A_MEMBER);
    if (wouldLoseLastOwner(self.role, null, team.ownerCount)) return err('bad_request', LAST_OWNER_LEAVING);
    await deleteMembership(tx, orgId, userId);
    await writeAudit(tx, { orgId, actorId: userId, action: 'member.leave', subjectId: userId, details: { role: self.role } });
    return ok({ orgId, userId });
  });
}
