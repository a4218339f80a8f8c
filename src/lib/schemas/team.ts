import { z } from 'zod';
import { ROLES } from '@/lib/roles';
import { newUuidId, text, textId } from './primitives';

/** Shared by the team actions and the team forms. */

/**
 * The organization the form was rendered for. The server refuses a post whose org is not the
 * session's active one, so a page left open across an org switch (or a removal) cannot act on another org.
 */
const orgId = textId('Missing organization.');
const userId = textId('Pick a member.');
const role = z.enum(ROLES, { error: 'Pick a role.' });

const ADD_MODES = ['add', 'invite'] as const;

export const addMemberInput = z.object({
  orgId,
  email: text('Enter an email address.').trim().toLowerCase().pipe(z.email('Enter an email address.')),
  role,
  /** add: the account becomes a member now; invite: it becomes one when its owner accepts. */
  mode: z.enum(ADD_MODES, { error: 'Choose add or invite.' }),
});
export type AddMemberInput = z.output<typeof addMemberInput>;

export const changeRoleInput = z.object({ orgId, userId, role });
export type ChangeRoleInput = z.output<typeof changeRoleInput>;

export const memberInput = z.object({ orgId, userId });
export type MemberInput = z.output<typeof memberInput>;

export const leaveInput = z.object({ orgId });

const invitationId = textId('Missing invitation.');
export const invitationInput = z.object({ invitationId });

/** Cancel or resend, by an admin of the invitation's org. */
export const invitationActionInput = z.object({ orgId, invitationId });
export type InvitationActionInput = z.output<typeof invitationActionInput>;

/** The secret part of an invitation link, /invite/<token>: the invitation's random id. */
export const invitationToken = newUuidId('This invitation link is not valid.');

/** Sign-up through an invitation link: the email must be the one the invitation was sent to. */
export const joinInput = z.object({
  token: invitationToken,
  name: text().trim().min(1, 'Enter your name.').max(80, 'Keep it under 80 characters.'),
  email: text().trim().toLowerCase().pipe(z.email('Enter an email address.')),
  password: z.string().min(8, 'Use at least 8 characters.').max(128, 'Keep it under 128 characters.'),
});
export type JoinInput = z.output<typeof joinInput>;

/** An owner makes a member owner; a checked "step down" makes the owner an admin in the same change. */
export const transferOwnershipInput = z.object({
  orgId,
  userId,
  stepDown: z
    .literal('on')
    .optional()
    .transform((checked) => checked === 'on'),
});
export type TransferOwnershipInput = z.output<typeof transferOwnershipInput>;
