import 'server-only';
import { err } from '@/lib/result';
import type { Role } from '@/lib/roles';
import { assignableRoles } from '@/lib/team-rules';

/** The refusals several team changes share. */
export const fieldError = (field: string, message: string) =>
  err('bad_request', 'Some fields need attention.', { [field]: [message] });

export function refuseRole(actorRole: Role, role: Role) {
  return assignableRoles(actorRole).includes(role) ? null : fieldError('role', 'Only an owner can make someone an owner.');
}
