import { and, asc, eq } from 'drizzle-orm';
import { db } from '@/server/db/client';
import { auditLog, invitation, member, organization, session, user } from '@/server/db/schema';

/** Test-side reads and setup for the team suites, straight from the tables. */

export async function rawMembers(orgId: string) {
  return (await db())
    .select({ userId: member.userId, role: member.role })
    .from(member)
    .where(eq(member.organizationId, orgId))
    .orderBy(asc(member.userId));
}

export async function rawRole(orgId: string, userId: string): Promise<string | null> {
  const [row] = await (
    await db()
  )
    .select({ role: member.role })
    .from(member)
    .where(and(eq(member.organizationId, orgId), eq(member.userId, userId)));
  return row?.role ?? null;
}

export async function rawInvitations(orgId: string) {
  return (await db()).select().from(invitation).where(eq(invitation.organizationId, orgId)).orderBy(asc(invitation.createdAt));
}

export async function auditOf(orgId: string) {
  return (await db()).select().from(auditLog).where(eq(auditLog.orgId, orgId)).orderBy(asc(auditLog.id));
}

export async function orgName(orgId: string) {
  const [row] = await (await db()).select({ name: organization.name }).from(organization).where(eq(organization.id, orgId));
  return row?.name;
}

/** Everything a refused team change must leave untouched. */
export async function teamSnapshot(orgId: string) {
  return {
    members: await rawMembers(orgId),
    invitations: await rawInvitations(orgId),
    audit: await auditOf(orgId),
    name: await orgName(orgId),
  };
}

/** An account with no organization (sign-up is closed, so tests make their own). */
export async function createAccount(id: string, email: string) {
  await (await db()).insert(user).values({ id, name: id, email, emailVerified: true });
  return { id, email };
}

export async function addRawMember(orgId: string, userId: string, role: string) {
  await (await db()).insert(member).values({ id: `mem_${orgId}_${userId}`, organizationId: orgId, userId, role });
}

export async function createSession(userId: string, activeOrganizationId: string | null) {
  const id = `ses_${userId}_${Math.random().toString(36).slice(2)}`;
  await (
    await db()
  )
    .insert(session)
    .values({ id, token: id, userId, activeOrganizationId, expiresAt: new Date(Date.now() + 3_600_000) });
  return id;
}

export async function activeOrgOf(sessionId: string) {
  const [row] = await (
    await db()
  )
    .select({ active: session.activeOrganizationId })
    .from(session)
    .where(eq(session.id, sessionId));
  return row?.active;
}
