import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, lte, type SQL } from 'drizzle-orm';
import { isRole, type Role } from '@/lib/roles';
import type { PendingInvitation, RosterMember } from '@/lib/team';
import type { Executor } from '@/server/db/open';
import { invitation, member, organization, session, user } from '@/server/db/schema';

export interface TeamMember {
  userId: string;
  role: Role;
}

/** The org's members as read under its row lock, with the counts the team rules need. */
export interface LockedTeam {
  orgName: string;
  members: TeamMember[];
  find(userId: string): TeamMember | null;
  ownerCount: number;
}

export const asRole = (role: string | null): Role => (role && isRole(role) ? role : 'member');

/** What a listed invitation shows; also read by the invitee's own list and by the link (./reads.ts). */
export const invitationColumns = () => ({
  id: invitation.id,
  orgId: invitation.organizationId,
  orgName: organization.name,
  email: invitation.email,
  role: invitation.role,
  expiresAt: invitation.expiresAt,
});

/** Open means pending and not yet expired, judged against the clock now. */
export const isOpen = () => and(eq(invitation.status, 'pending'), gt(invitation.expiresAt, new Date()));

/**
 * The only door to one organization's members and invitations: every statement is bound to `orgId`,
 * so an id from another org finds and changes nothing. Reads (the roster) and the team writes both go
 * through it; a write runs it on the transaction that holds `lock()`.
 */
export function scopedTeam(orgId: string, executor: Executor) {
  const memberOf = (...conditions: (SQL | undefined)[]) => and(eq(member.organizationId, orgId), ...conditions);
  const invitationOf = (...conditions: (SQL | undefined)[]) => and(eq(invitation.organizationId, orgId), ...conditions);
  const pendingTo = (email: string) => invitationOf(eq(invitation.email, email), eq(invitation.status, 'pending'));

  return {
    /**
     * Locks the organization row and reads its members, so membership changes in one org run one after
     * another: two owners demoting each other cannot both pass the last-owner check. Null when the org is gone.
     */
    async lock(): Promise<LockedTeam | null> {
      const [org] = await executor
        .select({ name: organization.name })
        .from(organization)
        .where(eq(organization.id, orgId))
        .for('update');
      if (!org) return null;
      const rows = await executor.select({ userId: member.userId, role: member.role }).from(member).where(memberOf());
      const members = rows.flatMap((row) => (isRole(row.role) ? [{ userId: row.userId, role: row.role }] : []));
      return {
        orgName: org.name,
        members,
        find: (userId) => members.find((m) => m.userId === userId) ?? null,
        ownerCount: members.filter((m) => m.role === 'owner').length,
      };
    },

    /** The members with their names, and the pending invitations (expired ones too, which can be resent). */
    async roster(): Promise<{ members: RosterMember[]; invitations: PendingInvitation[] }> {
      const [members, invitations] = await Promise.all([
        executor
          .select({ userId: member.userId, name: user.name, email: user.email, role: member.role })
          .from(member)
          .innerJoin(user, eq(user.id, member.userId))
          .where(memberOf())
          .orderBy(asc(user.name)),
        executor
          .select(invitationColumns())
          .from(invitation)
          .innerJoin(organization, eq(organization.id, invitation.organizationId))
          .where(invitationOf(eq(invitation.status, 'pending')))
          .orderBy(asc(invitation.email)),
      ]);
      return {
        members: members.map((m) => ({ ...m, role: asRole(m.role) })),
        invitations: invitations.map((i) => ({ ...i, role: asRole(i.role) })),
      };
    },

    async addMember(userId: string, role: Role): Promise<void> {
      await executor.insert(member).values({ id: randomUUID(), organizationId: orgId, userId, role });
    },

    async setRole(userId: string, role: Role): Promise<boolean> {
      const rows = await executor
        .update(member)
        .set({ role })
        .where(memberOf(eq(member.userId, userId)))
        .returning({ id: member.id });
      return rows.length > 0;
    },

    /** Deletes the membership; the person's sessions working in this org fall back to their other orgs. */
    async removeMember(userId: string): Promise<boolean> {
      const rows = await executor
        .delete(member)
        .where(memberOf(eq(member.userId, userId)))
        .returning({ id: member.id });
      await executor
        .update(session)
        .set({ activeOrganizationId: null })
        .where(and(eq(session.userId, userId), eq(session.activeOrganizationId, orgId)));
      return rows.length > 0;
    },

    /** A pending invitation, open or expired (`expiresAt` tells), with what the role rules need. */
    async pendingInvitation(id: string): Promise<{ email: string; role: Role; expiresAt: Date } | null> {
      const [row] = await executor
        .select({ email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt })
        .from(invitation)
        .where(invitationOf(eq(invitation.id, id), eq(invitation.status, 'pending')));
      return row ? { ...row, role: asRole(row.role) } : null;
    },

    /** The open invitation to an email, if any: only one may be open per email. */
    async openInvitationTo(email: string): Promise<{ id: string } | null> {
      const [row] = await executor
        .select({ id: invitation.id })
        .from(invitation)
        .where(and(pendingTo(email), gt(invitation.expiresAt, new Date())));
      return row ?? null;
    },

    /** Closes pending invitations to an email: every one, or (`expiredOnly`) those past their expiry. */
    async cancelPendingTo(email: string, { expiredOnly }: { expiredOnly: boolean }): Promise<void> {
      await executor
        .update(invitation)
        .set({ status: 'canceled' })
        .where(and(pendingTo(email), expiredOnly ? lte(invitation.expiresAt, new Date()) : undefined));
    },

    async invite(offer: { email: string; role: Role; inviterId: string; expiresAt: Date }): Promise<string> {
      const id = randomUUID();
      await executor.insert(invitation).values({ id, organizationId: orgId, status: 'pending', ...offer });
      return id;
    },

    async cancelInvitation(id: string): Promise<boolean> {
      const rows = await executor
        .update(invitation)
        .set({ status: 'canceled' })
        .where(invitationOf(eq(invitation.id, id), eq(invitation.status, 'pending')))
        .returning({ id: invitation.id });
      return rows.length > 0;
    },

    async extendInvitation(id: string, expiresAt: Date): Promise<boolean> {
      const rows = await executor
        .update(invitation)
        .set({ expiresAt })
        .where(invitationOf(eq(invitation.id, id), eq(invitation.status, 'pending')))
        .returning({ id: invitation.id });
      return rows.length > 0;
    },

    /** Marks an open invitation accepted; false when it is not open (cancelled, accepted or expired meanwhile). */
    async acceptInvitation(id: string): Promise<boolean> {
      const rows = await executor
        .update(invitation)
        .set({ status: 'accepted' })
        .where(invitationOf(eq(invitation.id, id), isOpen()))
        .returning({ id: invitation.id });
      return rows.length > 0;
    },
  };
}

export type ScopedTeam = ReturnType<typeof scopedTeam>;
