import 'server-only';
import { invitationToken } from '@/lib/schemas/team';
import { readInvitationByToken, type InvitationByLink } from './reads';

/**
 * GET /invite/<token>: the link an invitee receives. An open invitation goes on to its page (303); any
 * other answers here with a status that tells the truth to curl and to browsers without JavaScript
 * (a page's not-found renders with status 200 under Cache Components, decision 006): 404 for a token
 * that is no invitation, 410 for one that was cancelled, accepted or has expired.
 */
export async function invitationLinkResponse(token: string): Promise<Response> {
  const parsed = invitationToken.safeParse(token);
  const offer = parsed.success ? await readInvitationByToken(parsed.data) : null;
  // A relative Location: behind `next start` the request URL may name another host than the browser used.
  if (offer?.state === 'open') return new Response(null, { status: 303, headers: { location: `/invite/${offer.id}/accept` } });
  const [status, title, message] = closedLink(offer);
  return new Response(page(title, message), {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/** Status, title and explanation of a link that no longer (or never did) open an invitation. */
export function closedLink(offer: InvitationByLink | null): [number, string, string] {
  if (!offer) return [404, 'Invitation not found', 'This invitation link is not valid. Check that you copied all of it.'];
  switch (offer.state) {
    case 'expired':
      return [
        410,
        'Invitation expired',
        `This invitation to ${offer.orgName} has expired. Ask whoever invited you to send it again.`,
      ];
    case 'accepted':
      return [
        410,
        'Invitation already accepted',
        `This invitation to ${offer.orgName} has been accepted already. Sign in to reach it.`,
      ];
    default:
      return [410, 'Invitation cancelled', `This invitation to ${offer.orgName} was cancelled.`];
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Tally</title></head>
<body>
<h1>${escapeHtml(title)}</h1><p data-testid="invitation-closed">${escapeHtml(message)}</p><p><a href="/sign-in">Sign in to Tally</a></p></body></html>`;
}
