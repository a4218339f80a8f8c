'use server';
import 'server-only';
import type { TeamFormState } from '@/lib/team';
import { invitationAccept, invitationCancel, invitationResend, memberInvite } from './invitations';
import { memberAdd, memberChangeRole, memberLeave, memberRemove } from './membership';
import { ownershipTransfer } from './ownership';

/**
 * The team's Server Actions: each is a mutation's action (src/server/mutation.ts), named once.
 * No revalidatePath: these URLs are shared by every org (decision 005).
 */

/** One form, two buttons: "Add now" posts `mode=add` (member.add), "Send invitation" `mode=invite` (member.invite). */
export async function addTeamMember(_previous: TeamFormState | null, formData: FormData): Promise<TeamFormState> {
  const invite = formData instanceof FormData && formData.get('mode') === 'invite';
  return invite ? memberInvite.action(null, formData) : memberAdd.action(null, formData);
}

export const changeTeamMemberRole = memberChangeRole.action;
export const removeTeamMember = memberRemove.action;
export const leaveTeam = memberLeave.action;
export const acceptTeamInvitation = invitationAccept.action;
export const cancelTeamInvitation = invitationCancel.action;
export const resendTeamInvitation = invitationResend.action;
export const transferTeamOwnership = ownershipTransfer.action;
