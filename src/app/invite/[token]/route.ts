import { invitationLinkResponse } from '@/server/team/invitation-link';

/** The invitation link itself; see src/server/team/invitation-link.ts for its statuses. */
export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  return invitationLinkResponse((await params).token);
}
