import type { Membership } from '@/server/auth/viewer';
import { acceptTeamInvitation, leaveTeam } from '@/server/team/actions';
import type { PendingInvitation } from '@/lib/team';
import { ActionButton } from '../action-form';
import type { TeamFormState } from '@/lib/team';

interface Props {
  memberships: Membership[];
  invitations: PendingInvitation[];
  flashed: { leave: TeamFormState | null; accept: TeamFormState | null };
}

/** The signed-in person's own side of the team: open invitations to accept, and organizations to leave. */
export function MyOrganizations({ memberships, invitations, flashed }: Props) {
  return (
    <div className="space-y-4">
      <section className="card space-y-2" aria-label="Invitations">
        <h2 className="font-semibold">Invitations</h2>
        {invitations.length === 0 ? (
          <p className="text-sm text-slate-500">No open invitations.</p>
        ) : (
          <ul className="space-y-2 text-sm" data-testid="my-invitations">
            {invitations.map((i) => (
              <li key={i.id} className="flex items-center gap-3">
                <span>
                  {i.orgName} invites you as {i.role}
                </span>
                <ActionButton
                  action={acceptTeamInvitation}
                  initialState={flashed.accept?.values?.invitationId === i.id ? flashed.accept : null}
                  fields={{ invitationId: i.id }}
                  className="btn btn-primary"
                >
                  Accept
                </ActionButton>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card space-y-2" aria-label="Your organizations">
        <h2 className="font-semibold">Your organizations</h2>
        {memberships.length === 0 ? (
          <p className="text-sm text-slate-500">You are not a member of any organization.</p>
        ) : (
          <ul className="space-y-2 text-sm" data-testid="my-memberships">
            {memberships.map((m) => (
              <li key={m.orgId} className="flex items-center gap-3">
                <span>
                  {m.orgName} <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{m.role}</span>
                </span>
                <ActionButton
                  action={leaveTeam}
                  initialState={flashed.leave?.values?.orgId === m.orgId ? flashed.leave : null}
                  fields={{ orgId: m.orgId }}
                  className="btn btn-danger"
                >
                  Leave
                </ActionButton>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
