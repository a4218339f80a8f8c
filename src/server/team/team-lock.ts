import 'server-only';
import { eq } from 'drizzle-orm';
import { err, type Result } from '@/lib/result';
import { isRole, type Role } from '@/lib/roles';
import type { Tx } from '@/server/db/open';
import { member, organization } from '@/server/db/schema';
import type { Actor } from '@/server/mutation';
import { mayManageTeam } from './policy';

export interface TeamMember {
  userId: string;
  role: Role;
}

export interface LockedTeam {
  orgName: string;
  members: TeamMember[];
  find(userId: string): TeamMember | null;
  ownerCount: number;
}

export const NOT_A_MEMBER = 'You are not a member of this organization.';
const OTHER_ORG = 'This page belongs to an organization you are not working in now. Reload the page.';

/**
 * Locks the organization row and reads its members, so membership changes in one org run one after
 * another: two owners demoting each other cannot both pass the last-owner check. Null when the org is gone.
 */
export async function lockTeam(tx: Tx, orgId: string): Promise<LockedTeam | null> {
  const [org] = await tx.select({ name: organization.name }).from(organization).where(eq(organization.id, orgId)).for('update');
  if (!org) return null;
  const rows = await tx.select({ userId: member.userId, role: member.role }).from(member).where(eq(member.organizationId, orgId));
  const members = rows.flatMap((row) => (isRole(row.role) ? [{ userId: row.userId, role: row.role }] : []));
  return {
    orgName: org.name,
    members,
    find: (userId) => members.find((m) => m.userId === userId) ?? null,
    ownerCount: members.filter((m) => m.role === 'owner').length,
  };
}

/**
 * Under the team lock, run only for an admin or owner of the org the form was rendered for, judged by
 * the role read under the lock (a demotion that committed a moment ago counts). The session's role is
 * not trusted here.
 */
export async function asTeamAdmin<T>(
  tx: Tx,
  actor: Actor,
  formOrgId: string,
  work: (team: LockedTeam, actorRole: Role) => Promise<Result<T>>,
): Promise<Result<T>> {
  if (formOrgId !== actor.orgId) return err('not_found', OTHER_ORG);
  const team = await lockTeam(tx, actor.orgId);
  const role = team?.find(actor.userId)?.role;
  if (!team || !role) return err('not_found', NOT_A_MEMBER);
  if (!mayManageTeam(role)) return err('forbidden', 'Only an admin or above can manage the team.');
  return work(team, role);
}
