import 'server-only';
import { err, type Result } from '@/lib/result';
import type { Role } from '@/lib/roles';
import type { Tx } from '@/server/db/open';
import type { Actor } from '@/server/mutation';
import { mayManageTeam } from './policy';
import { scopedTeam, type LockedTeam, type ScopedTeam } from './scoped';

/** The caller's identity in their active organization; the session's role is not trusted here. */
export type { Actor };
export type { LockedTeam, TeamMember } from './scoped';

export const NOT_A_MEMBER = 'You are not a member of this organization.';
const OTHER_ORG = 'This page belongs to an organization you are not working in now. Reload the page.';

/**
 * Inside a write's transaction, under the team lock, run only for an admin or owner of the org the
 * form was rendered for, judged by the role read under the lock (a demotion that committed a moment
 * ago counts). `team` is the org's scoped module on that transaction.
 */
export async function lockAsTeamAdmin<T>(
  tx: Tx,
  actor: Actor,
  formOrgId: string,
  work: (team: ScopedTeam, locked: LockedTeam, actorRole: Role) => Promise<Result<T>>,
): Promise<Result<T>> {
  if (formOrgId !== actor.orgId) return err('not_found', OTHER_ORG);
  const team = scopedTeam(actor.orgId, tx);
  const locked = await team.lock();
  const role = locked?.find(actor.userId)?.role;
  if (!locked || !role) return err('not_found', NOT_A_MEMBER);
  if (!mayManageTeam(role)) return err('forbidden', 'Only an admin or above can manage the team.');
  return work(team, locked, role);
}
