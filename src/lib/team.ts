import type { ActionState } from '@/lib/action-state';
import type { Role } from '@/lib/roles';

/** Team output types, shown by the team pages and forms. Browser-safe. */

/** One of a person's organizations and their role in it. */
export interface Membership {
  orgId: string;
  orgName: string;
  role: Role;
}

export interface RosterMember {
  userId: string;
  name: string;
  email: string;
  role: Role;
}

export interface PendingInvitation {
  id: string;
  orgId: string;
  orgName: string;
  email: string;
  role: Role;
  expiresAt: Date;
}

/** Whom a membership change was about (and the invitation, for one), as the team actions hand it back. */
export interface TeamChangeSubject {
  orgId: string;
  userId?: string;
  memberIds?: readonly string[];
  invitationId?: string;
}

/** What a team form holds after a refused post (an accepted one redirects). */
export type TeamFormState = ActionState<TeamChangeSubject, never>;
