import { Link } from '@/components/link';
import type { ActionState } from '@/lib/action-state';
import { acceptTeamInvitation } from '@/server/team/actions';
import type { TeamFormState } from '@/lib/team';
import type { InvitationByLink } from '@/server/team/reads';
import { ActionButton } from '../action-form';
import { SignOutButton } from '../sign-out-button';
import { JoinForm } from './join-form';

interface Props {
  offer: InvitationByLink;
  /** The signed-in person's email, or null without a session. */
  viewerEmail: string | null;
  flashed: { join: ActionState | null; accept: TeamFormState | null };
}

/**
 * What the invitee can do with an open invitation: accept it with the account it was sent to, or
 * create that account. The invitation's email is never shown, so a forwarded link does not disclose it.
 */
export function InvitationResponse({ offer, viewerEmail, flashed }: Props) {
  return (
    <section className="card mx-auto max-w-md space-y-4" aria-label="Invitation">
      <div>
        <h1 className="text-xl font-semibold">
          {offer.orgName} invites you as {offer.role}
        </h1>
        <p className="text-sm text-slate-500">Open until {offer.expiresAt.toISOString().slice(0, 10)}.</p>
      </div>
      {viewerEmail === offer.email ? (
        <ActionButton
          action={acceptTeamInvitation}
          initialState={flashed.accept}
          fields={{ invitationId: offer.id }}
          className="btn btn-primary"
        >
          Accept and open {offer.orgName}
        </ActionButton>
      ) : viewerEmail ? (
        <div className="space-y-2 text-sm">
          <p role="alert">
            You are signed in as {viewerEmail}, but this invitation was sent to another address. Sign out, then open the link
            again.
          </p>
          <SignOutButton />
        </div>
      ) : (
        <>
          <JoinForm token={offer.id} initialState={flashed.join} />
          <p className="text-sm text-slate-500">
            Already have a Tally account with this email? <Link href="/sign-in">Sign in</Link>, then open this link again.
          </p>
        </>
      )}
    </section>
  );
}
