import 'server-only';
import { roleAtLeast, type Role } from '@/lib/roles';

/**
 * Who may manage the team: admins and owners. Which roles they may hand out and whom they may change
 * are the team rules in src/lib/team-rules.ts, shared with the forms; the writes apply them again
 * with the role read under the team lock.
 */
export const TEAM_MANAGER_ROLE = 'admin' satisfies Role;

export const mayManageTeam = (role: Role): boolean => roleAtLeast(role, TEAM_MANAGER_ROLE);
