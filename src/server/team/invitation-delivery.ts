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

/** The absolute link of an invitation: the configured public URL, else the host this request came to. */
export async function invitationLink(invitationId: string): Promise<string> {
  const configured = env().BETTER_AUTH_URL;
  if (configured) return new URL(`/invite/${invitationId}`, configured).toString();
  const requestHeaders = await headers();
  const protocol = requestHeaders.get('x-forwarded-proto') ?? 'http';
  return `${protocol}://${requestHeaders.get('host') ?? 'localhost'}/invite/${invitationId}`;
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
