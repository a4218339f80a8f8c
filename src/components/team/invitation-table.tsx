import { canManage } from '@/lib/team-rules';
import type { Role } from '@/lib/roles';
import { cancelTeamInvitation, resendTeamInvitation } from '@/server/team/actions';
import type { TeamFormState } from '@/lib/team';
import type { PendingInvitation } from '@/lib/team';
import { ActionButton } from '../action-form';

interface Props {
  orgId: string;
  viewerRole: Role;
  invitations: (PendingInvitation & { link: string })[];
  /** When invitations are not emailed, each one's link is shown to pass on by hand. */
  showLinks: boolean;
  now: Date;
  flashed: { cancel: TeamFormState | null; resend: TeamFormState | null };
}

const about = (state: TeamFormState | null, invitationId: string) =>
  state?.values?.invitationId === invitationId ? state : null;

/** Pending invitations, expired ones included (resending opens them again for a full period). */
export function InvitationTable({ orgId, viewerRole, invitations, showLinks, now, flashed }: Props) {
  if (invitations.length === 0) return <p className="text-sm text-slate-500">No open invitations.</p>;
  return (
    <div className="space-y-2">
      {showLinks && (
        <p className="text-xs text-slate-500" data-testid="no-email-transport">
          Tally sends no email here (demo mode has no email transport): copy an invitation&apos;s link and pass it on yourself.
        </p>
      )}
      <ul className="space-y-2 text-sm" data-testid="org-invitations">
        {invitations.map((i) => {
          const expired = i.expiresAt <= now;
          return (
            <li key={i.id} className="space-y-1" data-testid="invitation-row" data-email={i.email}>
              <div className="flex flex-wrap items-center gap-2">
                <span>
                  {i.email} as {i.role},{' '}
                  <span data-testid="invitation-expiry">
                    {expired ? 'expired' : 'open until'} {i.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC
                  </span>
                </span>
                {canManage(viewerRole, i.role) && (
                  <>
                    <ActionButton
                      action={resendTeamInvitation}
                      initialState={about(flashed.resend, i.id)}
                      fields={{ orgId, invitationId: i.id }}
                    >
                      Resend
                    </ActionButton>
                    <ActionButton
                      action={cancelTeamInvitation}
                      initialState={about(flashed.cancel, i.id)}
                      fields={{ orgId, invitationId: i.id }}
                      className="btn btn-danger"
                    >
                      Cancel
                    </ActionButton>
                  </>
                )}
              </div>
              {/* The href is relative: opened or copied from here, it names the host this admin uses, where the invitee's
                  cookies are (the text is the configured public link). */}
              {showLinks && !expired && (
                <a
                  href={`/invite/${i.id}`}
                  className="block break-all text-xs text-blue-700 underline"
                  data-testid="invitation-link"
                >
                  {i.link}
                </a>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
