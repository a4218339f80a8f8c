import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, gt, lte } from 'drizzle-orm';
import { err, ok, type Result } from '@/lib/result';
import type { EventContext } from '@/server/cache/graph';
import { isRole, type Role } from '@/lib/roles';
import type { AddMemberInput, InvitationActionInput } from '@/lib/schemas/team';
import { canManage } from '@/lib/team-rules';
import { writeAudit, type AuditAction } from '@/server/audit';
import type { Tx } from '@/server/db/open';
import { invitation, user } from '@/server/db/schema';
import { env } from '@/server/env';
import type { TeamChange } from './membership';
import { fieldError, refuseRole } from './refusals';
import { asTeamAdmin, type Actor } from './team-lock';

/**
 * Invitations: sent to an email (with or without a Tally account), open until they expire, cancelled
 * or resent (a new expiry) by the team's admins. Each change commits with its audit row under the team
 * lock. The invitation id is the secret of its link (/invite/<id>): a random UUID, shown only to the
 * team's admins and to its addressee.
 */
const HOUR = 60 * 60 * 1000;

/** When an invitation sent or resent now closes. */
export const invitationExpiry = (from = new Date()) => new Date(from.getTime() + env().TALLY_INVITATION_TTL_HOURS * HOUR);

const NOT_OPEN = 'That invitation is no longer open.';

async function accountIdOf(tx: Tx, email: string): Promise<string | undefined> {
  const [account] = await tx.select({ id: user.id }).from(user).where(eq(user.email, email));
  return account?.id;
}

/** Offers membership to an email; it becomes a member when its owner accepts, with their account or a new one. */
export function inviteMember(actor: Actor, input: AddMemberInput): Promise<Result<EventContext & { invitationId: string }>> {
  return asTeamAdmin(actor, input.orgId, async (tx, team, actorRole) => {
    const refused = refuseRole(actorRole, input.role);
    if (refused) return refused;
    const accountId = await accountIdOf(tx, input.email);
    if (accountId && team.find(accountId)) return fieldError('email', 'This person is already a member.');
    const sameEmail = and(
      eq(invitation.organizationId, actor.orgId),
      eq(invitation.email, input.email),
      eq(invitation.status, 'pending'),
    );
    const [open] = await tx
      .select({ id: invitation.id })
      .from(invitation)
      .where(and(sameEmail, gt(invitation.expiresAt, new Date())));
    if (open) return fieldError('email', 'An invitation to this email is already open: resend it from the list below.');
    // An expired one to the same email gives way to the new one.
    await tx
      .update(invitation)
      .set({ status: 'canceled' })
      .where(and(sameEmail, lte(invitation.expiresAt, new Date())));
    const id = randomUUID();
    await tx.insert(invitation).values({
      id,
      organizationId: actor.orgId,
      email: input.email,
      role: input.role,
      status: 'pending',
      expiresAt: invitationExpiry(),
      inviterId: actor.userId,
    });
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'member.invite',
      subjectId: id,
      details: { email: input.email, role: input.role },
    });
    return ok({ orgId: actor.orgId, userId: accountId, invitationId: id });
  });
}

/**
 * A pending invitation of the actor's org (expired ones too: they can be resent), changed by `change`
 * when the actor may manage its role (an admin cannot touch an invitation to become owner).
 */
function changePending(
  actor: Actor,
  input: InvitationActionInput,
  action: Extract<AuditAction, 'member.invitationCancel' | 'member.invitationResend'>,
  change: (tx: Tx, id: string) => Promise<Record<string, unknown>>,
): Promise<TeamChange> {
  return asTeamAdmin(actor, input.orgId, async (tx, _team, actorRole) => {
    const [pending] = await tx
      .select({ email: invitation.email, role: invitation.role })
      .from(invitation)
      .where(
        and(eq(invitation.id, input.invitationId), eq(invitation.organizationId, actor.orgId), eq(invitation.status, 'pending')),
      );
    if (!pending) return err('not_found', NOT_OPEN);
    const role: Role = pending.role && isRole(pending.role) ? pending.role : 'member';
    if (!canManage(actorRole, role)) return err('forbidden', 'Only an owner can change an invitation to become owner.');
    const details = await change(tx, input.invitationId);
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action,
      subjectId: input.invitationId,
      details: { email: pending.email, ...details },
    });
    return ok({ orgId: actor.orgId, userId: await accountIdOf(tx, pending.email) });
  });
}

/** Closes the invitation: its link answers 410 from now on. */
export const cancelInvitation = (actor: Actor, input: InvitationActionInput) =>
  changePending(actor, input, 'member.invitationCancel', async (tx, id) => {
    await tx.update(invitation).set({ status: 'canceled' }).where(eq(invitation.id, id));
    return {};
  });

/** Opens the invitation again for a full TTL from now, with the same link. */
export const resendInvitation = (actor: Actor, input: InvitationActionInput) =>
  changePending(actor, input, 'member.invitationResend', async (tx, id) => {
    const expiresAt = invitationExpiry();
    await tx.update(invitation).set({ expiresAt }).where(eq(invitation.id, id));
    return { expiresAt: expiresAt.toISOString() };
  });
