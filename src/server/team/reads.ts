import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { PendingInvitation, RosterMember } from '@/lib/team';
import { db } from '@/server/db/client';
import { invitation, organization, user } from '@/server/db/schema';
import { asRole, invitationColumns, isOpen, scopedTeam } from './scoped';

/** The org's members with their roles, and its pending invitations (expired ones too, which can be resent). */
export async function readRoster(orgId: string): Promise<{ members: RosterMember[]; invitations: PendingInvitation[] }> {
  return scopedTeam(orgId, await db()).roster();
}

/** Open invitations addressed to the user's email, from any organization. */
export async function readInvitationsFor(userId: string): Promise<PendingInvitation[]> {
  const rows = await (
    await db()
  )
    .select(invitationColumns())
    .from(invitation)
    .innerJoin(user, eq(user.email, invitation.email))
    .innerJoin(organization, eq(organization.id, invitation.organizationId))
    .where(and(eq(user.id, userId), isOpen()))
    .orderBy(asc(organization.name));
  return rows.map((i) => ({ ...i, role: asRole(i.role) }));
}

export async function readOrgSettings(orgId: string): Promise<{ name: string } | null> {
  const [row] = await (await db()).select({ name: organization.name }).from(organization).where(eq(organization.id, orgId));
  return row ?? null;
}

/** What an invitation link leads to; `expired` is judged now, whatever the status column says. */
export type InvitationLinkState = 'open' | 'expired' | 'canceled' | 'accepted';

export interface InvitationByLink extends PendingInvitation {
  state: InvitationLinkState;
}

const linkState = (status: string, expiresAt: Date): InvitationLinkState => {
  if (status === 'accepted') return 'accepted';
  if (status !== 'pending') return 'canceled';
  return expiresAt > new Date() ? 'open' : 'expired';
};

/**
 * The invitation behind a link, or null for an unknown token. Never cached: the token is a secret, and
 * whether it still opens must be judged at the moment of the request (as authorization is).
 */
export async function readInvitationByToken(token: string): Promise<InvitationByLink | null> {
  const [row] = await (
    await db()
  )
    .select({ ...invitationColumns(), status: invitation.status })
    .from(invitation)
    .innerJoin(organization, eq(organization.id, invitation.organizationId))
    .where(eq(invitation.id, token));
  if (!row) return null;
  const { status, ...offer } = row;
  return { ...offer, role: asRole(offer.role), state: linkState(status, offer.expiresAt) };
}

/** Whether an account uses this email (only ever asked about an invitation's own address). */
export async function hasAccount(email: string): Promise<boolean> {
  const [row] = await (await db()).select({ id: user.id }).from(user).where(eq(user.email, email)).limit(1);
  return !!row;
}
