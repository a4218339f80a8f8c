import { Link } from '@/components/link';
import { notFound } from 'next/navigation';
import { AddMemberForm } from '@/components/team/add-member-form';
import { InvitationTable } from '@/components/team/invitation-table';
import { RosterTable } from '@/components/team/roster-table';
import { TransferOwnershipForm } from '@/components/team/transfer-ownership-form';
import { roleAtLeast } from '@/lib/roles';
import { assignableRoles } from '@/lib/team-rules';
import { requireViewer } from '@/server/auth/viewer';
import { flashFor, takeFlash } from '@/server/flash';
import { getOrgSettings, getTeamRoster } from '@/server/team/cached';
import { configuredSender, invitationLink } from '@/server/team/invitation-delivery';
import type { TeamFormState } from '@/lib/team';

/** Owners and admins only, judged by the role read from the database for this request. */
export default async function TeamPage({ searchParams }: { searchParams: Promise<{ flash?: string }> }) {
  const viewer = await requireViewer();
  const { orgId, role } = viewer.active;
  if (!roleAtLeast(role, 'admin')) notFound();
  const [roster, settings, flash] = await Promise.all([
    getTeamRoster(orgId),
    getOrgSettings(orgId),
    takeFlash((await searchParams).flash, viewer.userId),
  ]);
  const flashed = (form: Parameters<typeof flashFor>[1]) => flashFor<TeamFormState>(flash, form);
  const invitations = await Promise.all(roster.invitations.map(async (i) => ({ ...i, link: await invitationLink(i.id) })));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Team</h1>
        <p className="text-sm text-slate-500">
          {settings.name} · roster fetched <span data-testid="roster-fetched-at">{roster.fetchedAt}</span>
        </p>
      </div>
      <p className="text-sm">
        <Link className="text-indigo-700 underline" href="/settings/organization">
          Organization settings
        </Link>{' '}
        — name, default currency, time zone, billing address.
      </p>
      <section className="card space-y-2" aria-label="Members">
        <h2 className="font-semibold">Members</h2>
        <RosterTable
          orgId={orgId}
          members={roster.members}
          viewer={{ userId: viewer.userId, role }}
          flashed={{ changeRole: flashed('member.changeRole'), remove: flashed('member.remove') }}
        />
      </section>
      <section className="card space-y-2" aria-label="Add a member">
        <h2 className="font-semibold">Add a member</h2>
        <AddMemberForm
          orgId={orgId}
          roles={assignableRoles(role)}
          initialState={flashed('member.add') ?? flashed('member.invite')}
        />
        <h3 className="pt-2 text-sm font-semibold">Open invitations</h3>
        <InvitationTable
          orgId={orgId}
          viewerRole={role}
          invitations={invitations}
          showLinks={!configuredSender()}
          now={new Date()}
          flashed={{ cancel: flashed('invitation.cancel'), resend: flashed('invitation.resend') }}
        />
      </section>
      {role === 'owner' && (
        <section className="card space-y-2" aria-label="Ownership">
          <h2 className="font-semibold">Transfer ownership</h2>
          <TransferOwnershipForm
            orgId={orgId}
            candidates={roster.members.filter((m) => m.role !== 'owner')}
            initialState={flashed('ownership.transfer')}
          />
        </section>
      )}
    </div>
  );
}
