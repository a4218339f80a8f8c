import 'server-only';
import { and, asc, eq, gt } from 'drizzle-orm';
import { isRole, type Role } from '@/lib/roles';
import type { PendingInvitation, RosterMember } from '@/lib/team';
import { db } from '@/server/db/client';
import { invitation, member, organization, user } from '@/server/db/schema';

const asRole = (role: string | null): Role => (role && isRole(role) ? role : 'member');

const invitationColumns = () => ({
  id: invitation.id,
  orgId: invitation.organizationId,
  orgName: organization.name,
  email: invitation.email,
  role: invitation.role,
  expiresAt: invitation.expiresAt,
});

const isOpen = () => and(eq(invitation.status, 'pending'), gt(invitation.expiresAt, new Date()));

/** The org's members with their roles, and the invitations still open. */
export async function readRoster(orgId: string): Promise<{ members: RosterMember[]; invitations: PendingInvitation[] }> {
  const database = await db();
  const [members, invitations] = await Promise.all([
    database
      .select({ userId: member.userId, name: user.name, email: user.email, role: member.role })
      .from(member)
      .innerJoin(user, eq(user.id, member.userId))
      .where(eq(member.organizationId, orgId))
      .orderBy(asc(user.name)),
    database
      .select(invitationColumns())
      .from(invitation)
      .innerJoin(organization, eq(organization.id, invitation.organizationId))
      .where(and(eq(invitation.organizationId, orgId), isOpen()))
      .orderBy(asc(invitation.email)),
  ]);
  return {
    members: members.map((m) => ({ ...m, role: asRole(m.role) })),
    invitations: invitations.map((i) => ({ ...i, role: asRole(i.role) })),
  };
}

/** Open invitations addressed to the user's email, from any organization. */
export async function readInvitationsFor(userId: string): Promise<PendingInvitation[]> {
  const rows = await (await db())
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
