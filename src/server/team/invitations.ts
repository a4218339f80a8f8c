import 'server-only';
import { and, eq } from 'drizzle-orm';
import { headers } from 'next/headers';
import { err, type Result } from '@/lib/result';
import type { Role } from '@/lib/roles';
import { addMemberInput, invitationActionInput, invitationInput, type InvitationActionInput } from '@/lib/schemas/team';
import type { TeamChangeSubject } from '@/lib/team';
import { canManage } from '@/lib/team-rules';
import { auth } from '@/server/auth/auth';
import type { Tx } from '@/server/db/open';
import { invitation, user } from '@/server/db/schema';
import { env } from '@/server/env';
import { defineMutation, type Actor, type Written } from '@/server/mutation';
import { deliverInvitation } from './invitation-delivery';
import { accountIdOf, changed, TEAM_PAGE } from './membership';
import { TEAM_MANAGER_ROLE } from './policy';
import { fieldError, refuseRole } from './refusals';
import { asRole, scopedTeam, type ScopedTeam } from './scoped';
import { lockAsTeamAdmin } from './team-lock';

/**
 * Invitations: sent to an email (with or without a Tally account), open until they expire, cancelled
 * or resent (a new expiry) by the team's admins, accepted by their addressee. Each is a mutation that
 * commits with its audit row under the team lock. The invitation id is the secret of its link
 * (/invite/<id>): a random UUID, shown only to the team's admins and to its addressee.
 */
const HOUR = 60 * 60 * 1000;

/** When an invitation sent or resent now closes. */
export const invitationExpiry = (from = new Date()) => new Date(from.getTime() + env().TALLY_INVITATION_TTL_HOURS * HOUR);

export const NOT_OPEN = 'This invitation is no longer open.';

/** Sends (or sends again) the invitation a change was about, after it committed. */
const deliver = ({ invitationId }: TeamChangeSubject) => (invitationId ? deliverInvitation(invitationId) : Promise.resolve());

/** Offers membership to an email; it becomes a member when its owner accepts, with their account or a new one. */
export const memberInvite = defineMutation('member.invite', {
  access: TEAM_MANAGER_ROLE,
  input: addMemberInput,
  redirectTo: () => TEAM_PAGE,
  afterCommit: deliver,
  run: (tx, input, actor) =>
    lockAsTeamAdmin(tx, actor, input.orgId, async (team, locked, actorRole) => {
      const refused = refuseRole(actorRole, input.role);
      if (refused) return refused;
      const accountId = await accountIdOf(tx, input.email);
      if (accountId && locked.find(accountId)) return fieldError('email', 'This person is already a member.');
      if (await team.openInvitationTo(input.email)) {
        return fieldError('email', 'An invitation to this email is already open: resend it from the list below.');
      }
      // An expired one to the same email gives way to the new one.
      await team.cancelPendingTo(input.email, { expiredOnly: true });
      const invitationId = await team.invite({
        email: input.email,
        role: input.role,
        inviterId: actor.userId,
        expiresAt: invitationExpiry(),
      });
      return changed(
        { orgId: actor.orgId, userId: accountId, invitationId },
        { subjectId: invitationId, details: { email: input.email, role: input.role } },
      );
    }),
});

/**
 * A pending invitation of the actor's org (expired ones too: they can be resent), changed by `change`
 * when the actor may manage its role (an admin cannot touch an invitation to become owner).
 */
function changePending(
  tx: Tx,
  actor: Actor,
  input: InvitationActionInput,
  change: (team: ScopedTeam) => Promise<Record<string, unknown>>,
): Promise<Result<Written<TeamChangeSubject>>> {
  return lockAsTeamAdmin(tx, actor, input.orgId, async (team, _locked, actorRole) => {
    const pending = await team.pendingInvitation(input.invitationId);
    if (!pending) return err('not_found', NOT_OPEN);
    if (!canManage(actorRole, pending.role)) return err('forbidden', 'Only an owner can change an invitation to become owner.');
    const details = await change(team);
    return changed(
      { orgId: actor.orgId, userId: await accountIdOf(tx, pending.email), invitationId: input.invitationId },
      { subjectId: input.invitationId, details: { email: pending.email, ...details } },
    );
  });
}

/** Closes the invitation: its link answers 410 from now on. */
export const invitationCancel = defineMutation('invitation.cancel', {
  access: TEAM_MANAGER_ROLE,
  input: invitationActionInput,
  redirectTo: () => TEAM_PAGE,
  run: (tx, input, actor) =>
    changePending(tx, actor, input, async (team) => {
      await team.cancelInvitation(input.invitationId);
      return {};
    }),
});

/** Opens the invitation again for a full TTL from now, with the same link, and sends it again. */
export const invitationResend = defineMutation('invitation.resend', {
  access: TEAM_MANAGER_ROLE,
  input: invitationActionInput,
  redirectTo: () => TEAM_PAGE,
  afterCommit: deliver,
  run: (tx, input, actor) =>
    changePending(tx, actor, input, async (team) => {
      const expiresAt = invitationExpiry();
      await team.extendInvitation(input.invitationId, expiresAt);
      return { expiresAt: expiresAt.toISOString() };
    }),
});

/**
 * The org and role an invitation to this user's email offers, whatever its state: the first step of an
 * acceptance, before the team lock (the invitation's secret id is how its org is found).
 */
export async function offerFor(tx: Tx, invitationId: string, email: string): Promise<{ orgId: string; role: Role } | null> {
  const [offer] = await tx
    .select({ orgId: invitation.organizationId, role: invitation.role })
    .from(invitation)
    .where(and(eq(invitation.id, invitationId), eq(invitation.email, email)));
  return offer ? { orgId: offer.orgId, role: asRole(offer.role) } : null;
}

/**
 * The invitee (signed in, any active org or none) accepts an open invitation addressed to their email,
 * which then becomes their active org, as Better Auth's own accept does.
 */
export const invitationAccept = defineMutation('invitation.accept', {
  access: 'signedIn',
  input: invitationInput,
  redirectTo: () => '/invoices',
  afterCommit: async ({ orgId }) => {
    await (await auth()).api.setActiveOrganization({ body: { organizationId: orgId }, headers: await headers() });
  },
  async run(tx, { invitationId }, { userId }) {
    const [account] = await tx.select({ email: user.email }).from(user).where(eq(user.id, userId));
    const offer = account && (await offerFor(tx, invitationId, account.email));
    if (!offer) return err('not_found', 'This invitation is not addressed to you.');
    const team = scopedTeam(offer.orgId, tx);
    const locked = await team.lock();
    // Re-checked under the lock: a concurrent accept or cancel has committed by now.
    if (!locked || !(await team.acceptInvitation(invitationId))) return err('not_found', NOT_OPEN);
    if (!locked.find(userId)) await team.addMember(userId, offer.role);
    return changed({ orgId: offer.orgId, userId }, { subjectId: userId, details: { invitationId, role: offer.role } });
  },
});
