import { notFound } from 'next/navigation';
import { InvitationResponse } from '@/components/team/invitation-response';
import { invitationToken } from '@/lib/schemas/team';
import type { ActionState } from '@/server/authed-action';
import { getViewer } from '@/server/auth/viewer';
import { flashFor, takeFlash } from '@/server/flash';
import { closedLink } from '@/server/team/invitation-link';
import type { TeamFormState } from '@/lib/team';
import { readInvitationByToken } from '@/server/team/reads';

/**
 * Where an open invitation link leads (GET /invite/<token> answers 404/410 itself for the others). A
 * link that closed meanwhile explains why here, though with status 200 (decision 006).
 */
export default async function InvitationPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ flash?: string }>;
}) {
  const viewer = await getViewer();
  const token = invitationToken.safeParse((await params).token);
  const offer = token.success ? await readInvitationByToken(token.data) : null;
  if (!offer) notFound();
  const flash = await takeFlash((await searchParams).flash, viewer?.userId ?? null);
  if (offer.state !== 'open') {
    const [, title, message] = closedLink(offer);
    return (
      <section className="card mx-auto max-w-md space-y-2">
        <h1 className="text-xl font-semibold">{title}</h1>
        <p data-testid="invitation-closed">{message}</p>
      </section>
    );
  }
  return (
    <InvitationResponse
      offer={offer}
      viewerEmail={viewer?.email ?? null}
      flashed={{
        join: flashFor<ActionState>(flash, 'invitation.join'),
        accept: flashFor<TeamFormState>(flash, 'invitation.accept'),
      }}
    />
  );
}
