'use server';
import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { CacheEvent } from '@/server/cache/graph';
import {
  addMemberInput,
  changeRoleInput,
  invitationActionInput,
  invitationInput,
  leaveInput,
  memberInput,
  transferOwnershipInput,
} from '@/lib/schemas/team';
import { auth } from '@/server/auth/auth';
import { authedAction, signedInAction } from '@/server/authed-action';
import { invalidate } from '@/server/cache/invalidate';
import { deliverInvitation } from './invitation-delivery';
import { cancelInvitation, inviteMember, resendInvitation } from './invitations';
import { acceptInvitation, addMember, changeMemberRole, leaveOrganization, removeMember, type TeamChange } from './membership';
import { transferOwnership } from './ownership';

const TEAM_PAGE = '/settings/team';
const ORGANIZATIONS_PAGE = '/organizations';

/**
 * After a committed change: every tag the event touches (interactive: the actor reads their own write
 * on the redirect; the other people affected get a fresh read on their next render), then the redirect.
 * A refused change returns before any of it. No revalidatePath: these URLs are shared by every org
 * (decision 005).
 */
async function afterCommit<C extends TeamChange>(
  change: C,
  event: CacheEvent,
  to: string,
  andThen?: (data: Extract<C, { ok: true }>['data']) => Promise<void>,
): Promise<C> {
  if (!change.ok) return change;
  await invalidate(event, change.data, 'interactive', { source: 'action' });
  await andThen?.(change.data);
  redirect(to);
}

/** A change to your own membership can take the team page away from you; your organizations page stays. */
const pageAfter = (actorId: string, subjectId: string) => (actorId === subjectId ? ORGANIZATIONS_PAGE : TEAM_PAGE);

export const addTeamMember = authedAction(
  'admin',
  addMemberInput,
  async (input, ctx) =>
    input.mode === 'add'
      ? afterCommit(await addMember(ctx, input), 'member.added', TEAM_PAGE)
      : afterCommit(await inviteMember(ctx, input), 'member.invited', TEAM_PAGE, ({ invitationId }) =>
          deliverInvitation(invitationId),
        ),
  'team.add',
);

export const changeTeamMemberRole = authedAction(
  'admin',
  changeRoleInput,
  async (input, ctx) =>
    afterCommit(await changeMemberRole(ctx, input), 'member.roleChanged', pageAfter(ctx.userId, input.userId)),
  'team.changeRole',
);

export const removeTeamMember = authedAction(
  'admin',
  memberInput,
  async (input, ctx) => afterCommit(await removeMember(ctx, input), 'member.removed', pageAfter(ctx.userId, input.userId)),
  'team.remove',
);

export const leaveTeam = signedInAction(
  leaveInput,
  async ({ orgId }, ctx) => afterCommit(await leaveOrganization(ctx.userId, orgId), 'member.removed', ORGANIZATIONS_PAGE),
  'team.leave',
);

/** Accepting also makes the new organization the active one, as Better Auth's own accept does. */
export const acceptTeamInvitation = signedInAction(
  invitationInput,
  async ({ invitationId }, ctx) => {
    const change = await acceptInvitation(ctx.userId, invitationId);
    if (change.ok) {
      await (await auth()).api.setActiveOrganization({ body: { organizationId: change.data.orgId }, headers: await headers() });
    }
    return afterCommit(change, 'member.added', '/invoices');
  },
  'team.acceptInvitation',
);

export const cancelTeamInvitation = authedAction(
  'admin',
  invitationActionInput,
  async (input, ctx) => afterCommit(await cancelInvitation(ctx, input), 'invitation.canceled', TEAM_PAGE),
  'team.cancelInvitation',
);

export const resendTeamInvitation = authedAction(
  'admin',
  invitationActionInput,
  async (input, ctx) =>
    afterCommit(await resendInvitation(ctx, input), 'invitation.resent', TEAM_PAGE, () => deliverInvitation(input.invitationId)),
  'team.resendInvitation',
);

/** Stepping down takes nothing away from the team page: the former owner stays an admin. */
export const transferTeamOwnership = authedAction(
  'admin',
  transferOwnershipInput,
  async (input, ctx) => {
    const change = await transferOwnership(ctx, input);
    if (!change.ok) return change;
    for (const person of change.data) await invalidate('member.roleChanged', person, 'interactive', { source: 'action' });
    redirect(TEAM_PAGE);
  },
  'team.transferOwnership',
);
