import { ROLES, roleAtLeast, type Role } from './roles';

/**
 * Who may do what to whom on a team, shared by the server (which enforces it under the team lock)
 * and the team page (which only hides controls that would be refused).
 */

/** Admins and owners manage the team; only an owner can make someone an owner. */
export function assignableRoles(actor: Role): Role[] {
  if (!roleAtLeast(actor, 'admin')) return [];
  return ROLES.filter((role) => role !== 'owner' || actor === 'owner');
}

/** Admins cannot change or remove an owner; owners can manage anyone (the last-owner rule aside). */
export function canManage(actor: Role, target: Role): boolean {
  return roleAtLeast(actor, 'admin') && (target !== 'owner' || actor === 'owner');
}

/** An organization always keeps at least one owner. */
export function wouldLoseLastOwner(target: Role, newRole: Role | null, ownerCount: number): boolean {
  return target === 'owner' && newRole !== 'owner' && ownerCount <= 1;
}
