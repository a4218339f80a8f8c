import { redirect } from 'next/navigation';
import { MyOrganizations } from '@/components/team/my-organizations';
import { getViewer } from '@/server/auth/viewer';
import { flashFor, takeFlash } from '@/server/flash';
import { getUserOrganizations } from '@/server/team/cached';
import type { TeamFormState } from '@/lib/team';

/** Needs a session but no active organization: it is where someone with none picks up an invitation. */
export default async function OrganizationsPage({ searchParams }: { searchParams: Promise<{ flash?: string }> }) {
  const viewer = await getViewer();
  if (!viewer) redirect('/sign-in');
  const [{ memberships, invitations }, flash] = await Promise.all([
    getUserOrganizations(viewer.userId),
    takeFlash((await searchParams).flash, viewer.userId),
  ]);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Organizations</h1>
      <MyOrganizations
        memberships={memberships}
        invitations={invitations}
        flashed={{
          leave: flashFor<TeamFormState>(flash, 'member.leave'),
          accept: flashFor<TeamFormState>(flash, 'invitation.accept'),
        }}
      />
    </div>
  );
}
