import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { cacheLife, cacheTag } from 'next/cache';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { isRole } from '@/lib/roles';
import { userTags } from '@/server/cache/tags';
import { db } from '@/server/db/client';
import { member, organization } from '@/server/db/schema';
import { annotateRequest } from '@/server/observability/request-spans';
import { auth, type Auth } from './auth';
import { duringExpiryRefresh, SESSION_HOOK_MARK } from './session-events';
import { signedSessionToken } from './session-token';
import type { Membership } from '@/lib/team';

/** Defined in src/lib/team.ts so client components can use it. */
export type { Membership };

export interface Viewer {
  userId: string;
  name: string;
  email: string;
  /** The active organization, resolved against live membership rows; null when the user belongs to none. */
  active: Membership | null;
  memberships: Membership[];
}

/** The longest a viewer entry lives even if no event expires it sooner (docs/decisions/016). */
const VIEWER_ENTRY_MAX_SECONDS = 15 * 60;

export async function listMemberships(userId: string): Promise<Membership[]> {
  const rows = await (
    await db()
  )
    .select({ orgId: member.organizationId, orgName: organization.name, role: member.role })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(eq(member.userId, userId))
    .orderBy(asc(organization.name));
  return rows.flatMap((row) => (isRole(row.role) ? [{ ...row, role: row.role }] : []));
}

interface SessionViewer {
  userId: string;
  name: string;
  email: string;
  activeOrganizationId: string | null;
  memberships: Membership[];
  /** Epoch ms: the session is invalid from then on. */
  expiresAt: number;
  /** Epoch ms: from then on Better Auth would extend the session, so the viewer asks it to. */
  refreshAt: number;
}

/**
 * One session's viewer, shared by every request and instance until an event expires it: the user's
 * `sessions` tag (sign-out, revocation, org switch: Better Auth's session hooks) and `memberships` tag
 * (added, removed, re-roled, org renamed: the team write path). It never outlives the session, nor the
 * moment its expiry is due to be extended.
 */
async function sessionViewer(token: string, expiresInSeconds: number, updateAgeSeconds: number): Promise<SessionViewer | null> {
  'use cache';
  const found = await (await (await auth()).$context).internalAdapter.findSession(token);
  const expiresAt = found?.session.expiresAt.getTime() ?? 0;
  if (!found || expiresAt <= Date.now()) {
    // The token is signed by us but has no live session: it was signed out or revoked, and never comes back.
    cacheLife({ stale: 0, revalidate: VIEWER_ENTRY_MAX_SECONDS, expire: VIEWER_ENTRY_MAX_SECONDS });
    return null;
  }
  const { user, session } = found;
  const refreshAt = expiresAt - expiresInSeconds * 1000 + updateAgeSeconds * 1000;
  const lifetime = Math.max(
    1,
    Math.min(VIEWER_ENTRY_MAX_SECONDS, Math.floor((Math.min(expiresAt, refreshAt) - Date.now()) / 1000)),
  );
  cacheTag(userTags.sessions(user.id), userTags.memberships(user.id));
  cacheLife({ stale: 0, revalidate: lifetime, expire: lifetime });
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    activeOrganizationId: typeof session.activeOrganizationId === 'string' ? session.activeOrganizationId : null,
    memberships: await listMemberships(user.id),
    expiresAt,
    refreshAt,
  };
}

function toViewer(
  user: { userId: string; name: string; email: string },
  activeId: string | null | undefined,
  memberships: Membership[],
): Viewer {
  return { ...user, active: memberships.find((m) => m.orgId === activeId) ?? memberships[0] ?? null, memberships };
}

/** Better Auth's own session check plus the membership rows: two round trips, and Better Auth may extend the session. */
async function readViewer(requestHeaders: Headers): Promise<Viewer | null> {
  const current = await (await auth()).api.getSession({ headers: requestHeaders });
  if (!current) return null;
  const { id: userId, name, email } = current.user;
  return toViewer({ userId, name, email }, current.session.activeOrganizationId, await listMemberships(userId));
}

/** The cross-request entry is only safe when every session write expires it (docs/decisions/016). */
function sessionWritesInvalidate(instance: Auth): boolean {
  // Optional chaining throughout: tests stand in a bare `{ api }` for the auth instance.
  const hooks = instance.options?.databaseHooks?.session as
    { update?: { after?: object }; delete?: { after?: object } } | undefined;
  const marked = (hook: object | undefined) => !!hook && SESSION_HOOK_MARK in hook;
  return marked(hooks?.update?.after) && marked(hooks?.delete?.after);
}

/** Whether getViewer caches across requests here (the bench and its e2e test report it). */
export async function viewerCachedAcrossRequests(): Promise<boolean> {
  return sessionWritesInvalidate(await auth());
}

/**
 * The signed-in user and their active organization, once per request, for rendering: a warm request
 * reads no row, and an anonymous one (no cookie, or a cookie we did not sign) neither.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  // Request headers first: during `next build` this postpones the render before anything opens the database.
  const requestHeaders = await headers();
  const instance = await auth();
  if (!sessionWritesInvalidate(instance)) return readViewer(requestHeaders);
  const context = await instance.$context;
  const token = signedSessionToken(requestHeaders.get('cookie'), context.authCookies.sessionToken.name, context.secret);
  if (!token) return null;
  const cached = await sessionViewer(token, context.sessionConfig.expiresIn, context.sessionConfig.updateAge);
  const now = Date.now();
  // The entry never outlives the session; this check makes sure of it whatever a cache handler does.
  if (!cached || cached.expiresAt <= now) return null;
  if (cached.refreshAt <= now) return duringExpiryRefresh(() => readViewer(requestHeaders));
  return toViewer(cached, cached.activeOrganizationId, cached.memberships);
});

/** For Server Actions and other writes: the session and membership rows as they are now, whatever is cached. */
export const getVerifiedViewer = cache(async (): Promise<Viewer | null> => readViewer(await headers()));

/** For pages: the viewer with an active organization; otherwise sign in, or pick up an invitation on /organizations. */
export async function requireViewer(): Promise<Viewer & { active: Membership }> {
  const viewer = await getViewer();
  if (!viewer) redirect('/sign-in');
  if (!viewer.active) redirect('/organizations');
  annotateRequest({ userId: viewer.userId, orgId: viewer.active.orgId });
  return { ...viewer, active: viewer.active };
}
