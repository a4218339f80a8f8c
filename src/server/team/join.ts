'use server';
import 'server-only';
import { randomUUID } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import { eq } from 'drizzle-orm';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { readForm } from '@/lib/form-data';
import { err, ok, type Result } from '@/lib/result';
import { joinInput, type JoinInput } from '@/lib/schemas/team';
import type { TeamChangeSubject } from '@/lib/team';
import { writeAudit } from '@/server/audit';
import { auth } from '@/server/auth/auth';
import { getViewer } from '@/server/auth/viewer';
import type { ActionState } from '@/server/authed-action';
import { invalidate } from '@/server/cache/invalidate';
import { db } from '@/server/db/client';
import type { Tx } from '@/server/db/open';
import { account, invitation, user } from '@/server/db/schema';
import { sendBackWithoutJavaScript } from '@/server/flash';
import { fieldErrorsFrom } from '@/server/validation';
import { accountIdOf } from './membership';
import { fieldError } from './refusals';
import { scopedTeam } from './scoped';

/** Its form name, audit action and cache event, like a mutation's (it has no session to go through one). */
const JOIN = 'invitation.join';
const NOT_OPEN = 'This invitation is no longer open. Ask whoever invited you to send it again.';

/**
 * The account, its credential and its membership in one transaction under the team lock, so a cancel
 * or another acceptance that commits while someone fills in the form leaves nothing behind: it either
 * committed first (this refuses and writes nothing, no account either) or waits for this to commit.
 * Checked in this order, each refusal writing nothing: the invitation is open, the email is the one it
 * was sent to, no account uses it yet. Only the invitation's own address is ever looked up, so this
 * tells nothing about other addresses.
 */
async function signUpAndAccept(tx: Tx, input: JoinInput, passwordHash: string): Promise<Result<TeamChangeSubject>> {
  const [found] = await tx.select({ orgId: invitation.organizationId }).from(invitation).where(eq(invitation.id, input.token));
  const team = found && scopedTeam(found.orgId, tx);
  const offer = team && (await team.lock()) && (await team.pendingInvitation(input.token));
  if (!found || !team || !offer || offer.expiresAt <= new Date()) return err('not_found', NOT_OPEN);
  if (offer.email !== input.email) return fieldError('email', 'This invitation was sent to a different email address.');
  if (await accountIdOf(tx, offer.email)) {
    return fieldError('email', 'An account already uses this email: sign in, then open this link again.');
  }
  const userId = randomUUID();
  // The rows Better Auth's email+password sign-up writes, with its own password hash; its sign-in reads them.
  await tx.insert(user).values({ id: userId, name: input.name, email: offer.email });
  await tx
    .insert(account)
    .values({ id: randomUUID(), accountId: userId, providerId: 'credential', userId, password: passwordHash });
  await team.acceptInvitation(input.token);
  await team.addMember(userId, offer.role);
  await writeAudit(tx, {
    orgId: found.orgId,
    actorId: userId,
    action: JOIN,
    subjectId: userId,
    details: { invitationId: input.token, role: offer.role },
  });
  return ok({ orgId: found.orgId, userId });
}

/**
 * Sign-up through an invitation link, for someone with no account and no session: the account and the
 * acceptance commit together (above), then Better Auth's email+password sign-in (its server API) makes
 * the session, which starts in the org just joined (the session hook picks the first membership). Then
 * invalidation, then the redirect into the org.
 */
export async function joinWithInvitation(_previous: ActionState | null, formData: FormData): Promise<ActionState> {
  const read = readForm(formData);
  const values = read.ok ? read.data : {};
  const parsed = joinInput.safeParse(values);
  delete values.password; // never echo a password back into the page (or into a stored flash)
  const failed = async (result: Result<never>): Promise<ActionState> => {
    const state = { ...result, values };
    await sendBackWithoutJavaScript(JOIN, state, null);
    return state;
  };
  if (!read.ok) return failed(read);
  if (!parsed.success) return failed(err('bad_request', 'Some fields need attention.', fieldErrorsFrom(parsed.error)));
  if (await getViewer())
    return failed(err('bad_request', 'You are signed in already: accept with this account, or sign out first.'));

  const { email, password } = parsed.data;
  const passwordHash = await hashPassword(password);
  const joined = await (await db()).transaction((tx) => signUpAndAccept(tx, parsed.data, passwordHash));
  if (!joined.ok) return failed(joined);
  await invalidate(JOIN, joined.data, 'interactive', { source: 'action' });
  await (await auth()).api.signInEmail({ body: { email, password }, headers: await headers() });
  redirect('/invoices');
}
