'use server';
import 'server-only';
import type { ActionState } from '@/lib/action-state';
import type { TeamFormState } from '@/lib/team';
import { addOrInvite, memberAccept, memberLeave, memberRemove, memberRoleChange } from './membership';
import { orgRename } from './organization';

/** The team writes as Server Actions; each is defined once in membership.ts or organization.ts. */

/** One form, two buttons: the `mode` it posts picks the write (an unknown mode fails add's validation). */
export async function addTeamMember(previous: ActionState<unknown, never> | null, formData: FormData): Promise<TeamFormState> {
  return addOrInvite(formData.get('mode')).action(previous as TeamFormState | null, formData);
}

export const changeTeamMemberRole = memberRoleChange.action;
export const removeTeamMember = memberRemove.action;
export const renameTeamOrganization = orgRename.action;
export const leaveTeam = memberLeave.action;
export const acceptTeamInvitation = memberAccept.action;
