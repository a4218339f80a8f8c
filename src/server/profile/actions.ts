'use server';
import 'server-only';
import { redirect } from 'next/navigation';
import { profileNameInput } from '@/lib/schemas/profile';
import { signedInAction } from '@/server/authed-action';
import { invalidate } from '@/server/cache/invalidate';
import { renameUser } from './rename';

const PROFILE_PAGE = '/settings/profile';

/** Your own name: committed with its audit rows, then every roster showing it is invalidated, then back to the page. */
export const renameProfile = signedInAction(
  profileNameInput,
  async (input, ctx) => {
    const change = await renameUser(ctx.userId, input);
    if (!change.ok) return change;
    for (const orgId of change.data.orgIds) {
      await invalidate('user.rename', { orgId, userId: ctx.userId }, 'interactive', { source: 'action' });
    }
    redirect(PROFILE_PAGE);
  },
  'user.rename',
);
