import 'server-only';
import { cacheLife } from 'next/cache';
import { orgTags, userTags } from '@/server/cache/tags';
import { cachedRead, countedRead } from '@/server/observability/cached-read';
import { listMemberships, type Membership } from '@/server/auth/viewer';
import type { PendingInvitation, RosterMember } from '@/lib/team';
import { readInvitationsFor, readOrgSettings, readRoster } from './reads';

/**
 * Cached team reads, for display only: authorization reads membership and role from the database on
 * every request (src/server/authed-action.ts) and under the team lock (./team-lock.ts), never from here.
 */
type Fetched<T> = T & { fetchedAt: string };

async function getTeamRosterCached(
  orgId: string,
): Promise<Fetched<{ members: RosterMember[]; invitations: PendingInvitation[] }>> {
  'use cache';
  cacheLife('tenantData');
  return cachedRead('getTeamRoster', [orgTags.members(orgId), orgTags.all(orgId)], async () => {
    return { ...(await readRoster(orgId)), fetchedAt: new Date().toISOString() };
  });
}

async function getOrgSettingsCached(orgId: string): Promise<Fetched<{ name: string }>> {
  'use cache';
  cacheLife('tenantData');
  return cachedRead('getOrgSettings', [orgTags.settings(orgId), orgTags.all(orgId)], async () => {
    return { name: (await readOrgSettings(orgId))?.name ?? '', fetchedAt: new Date().toISOString() };
  });
}

/** The header's org switcher and role badge, and /organizations: the user's orgs, roles and open invitations. */
async function getUserOrganizationsCached(
  userId: string,
): Promise<Fetched<{ memberships: Membership[]; invitations: PendingInvitation[] }>> {
  'use cache';
  cacheLife('tenantData');
  return cachedRead('getUserOrganizations', [userTags.memberships(userId)], async () => {
    const [memberships, invitations] = await Promise.all([listMemberships(userId), readInvitationsFor(userId)]);
    return { memberships, invitations, fetchedAt: new Date().toISOString() };
  });
}

export const getTeamRoster = countedRead('getTeamRoster', orgTags.members('_'), getTeamRosterCached);
export const getOrgSettings = countedRead('getOrgSettings', orgTags.settings('_'), getOrgSettingsCached);
export const getUserOrganizations = countedRead('getUserOrganizations', userTags.memberships('_'), getUserOrganizationsCached);
