import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { isRole } from '@/lib/roles';
import { db } from '@/server/db/client';
import { member, organization } from '@/server/db/schema';
import { auth } from './auth';
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

/** Read from the database on every request: authorization never trusts a cached role. */
export async function listMemberships(userId: string): Promise<Membership[]> {
  const rows = await (await db())
    .select({ orgId: member.organizationId, orgName: organization.name, role: member.role })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(eq(member.userId, userId))
    .orderBy(asc(organization.name));
  return rows.flatMap((row) => (isRole(row.role) ? [{ ...row, role: row.role }] : []));
}

/** The signed-in user and their active organization, once per request. */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  // Request headers first: during `next build` this postpones the render before anything opens the database.
  const requestHeaders = await headers();
  const current = await (await auth()).api.getSession({ headers: requestHeaders });
  if (!current) return null;
  const memberships = await listMemberships(current.user.id);
  const activeId = current.session.activeOrganizationId;
  return {
    userId: current.user.id,
    name: current.user.name,
    email: current.user.email,
    active: memberships.find((m) => m.orgId === activeId) ?? memberships[0] ?? null,
    memberships,
  };
});

/** For pages: the viewer with an active organization; otherwise sign in, or pick up an invitation on /organizations. */
export async function requireViewer(): Promise<Viewer & { active: Membership }> {
  const viewer = await getViewer();
  if (!viewer) redirect('/sign-in');
  if (!viewer.active) redirect('/organizations');
  return { ...viewer, active: viewer.active };
}
