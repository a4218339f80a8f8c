import 'server-only';
import { headers } from 'next/headers';
import type { Role } from '@/lib/roles';
import { env } from '@/server/env';
import { readInvitationByToken } from './reads';

export interface InvitationMessage {
  to: string;
  orgName: string;
  role: Role;
  link: string;
  expiresAt: Date;
}

/** An email transport for invitations. */
export interface InvitationSender {
  send(message: InvitationMessage): Promise<void>;
}

/**
 * Tally has no email transport yet (demo mode has none), so this answers null and the team page shows
 * each open invitation's link to the org's admins, who pass it on. A transport plugs in here.
 */
export function configuredSender(): InvitationSender | null {
  return null;
}

/**
 * The absolute link of an invitation: the public URL when the operator configured one, else the host
 * this request came to. Not `env().BETTER_AUTH_URL` alone: unset, it defaults to this process's own
 * `localhost` origin (for Better Auth), and a link to a host the admin did not use carries none of the
 * invitee's cookies there, so someone signed in would arrive signed out.
 */
export async function invitationLink(invitationId: string): Promise<string> {
  const configured = process.env.BETTER_AUTH_URL ? env().BETTER_AUTH_URL : null;
  if (configured) return new URL(`/invite/${invitationId}`, configured).toString();
  const requestHeaders = await headers();
  const protocol = requestHeaders.get('x-forwarded-proto') ?? 'http';
  const host = requestHeaders.get('x-forwarded-host') ?? requestHeaders.get('host') ?? 'localhost';
  return `${protocol}://${host}/invite/${invitationId}`;
}

/** Sends (or re-sends) an open invitation's link, after its change committed. */
export async function deliverInvitation(invitationId: string): Promise<void> {
  const sender = configuredSender();
  if (!sender) return;
  const offer = await readInvitationByToken(invitationId);
  if (offer?.state !== 'open') return;
  await sender.send({
    to: offer.email,
    orgName: offer.orgName,
    role: offer.role,
    link: await invitationLink(offer.id),
    expiresAt: offer.expiresAt,
  });
}
