'use server';
import 'server-only';
import { isAPIError } from 'better-auth/api';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { readForm } from '@/lib/form-data';
import { err, type Result } from '@/lib/result';
import { joinInput, type JoinInput } from '@/lib/schemas/team';
import { auth } from '@/server/auth/auth';
import { getViewer } from '@/server/auth/viewer';
import type { ActionState } from '@/server/authed-action';
import { invalidate } from '@/server/cache/invalidate';
import { sendBackWithoutJavaScript } from '@/server/flash';
import { fieldErrorsFrom } from '@/server/validation';
import { acceptInvitation } from './membership';
import { hasAccount, readInvitationByToken } from './reads';
import { fieldError } from './refusals';

const NOT_OPEN = 'This invitation is no longer open. Ask whoever invited you to send it again.';

/**
 * Everything that must hold before an account is created, checked first so that a refusal writes
 * nothing: the invitation is open, the email is the one it was sent to, and no account uses it yet.
 * Only the invitation's own address is ever looked up, so this tells nothing about other addresses.
 */
async function refusalBeforeSignUp(input: JoinInput): Promise<Result<never> | null> {
  const offer = await readInvitationByToken(input.token);
  if (offer?.state !== 'open') return err('not_found', NOT_OPEN);
  if (offer.email !== input.email) return fieldError('email', 'This invitation was sent to a different email address.');
  if (await hasAccount(offer.email))
    return fieldError('email', 'An account already uses this email: sign in, then open this link again.');
  return null;
}

/**
 * Sign-up through an invitation link, for someone with no account and no session: Better Auth's
 * email+password sign-up (its server API; the HTTP path is closed), which signs the new account in,
 * then the acceptance in Tally's own transaction with its audit row, which also makes the org the new
 * session's active one. Then invalidation, then the redirect into the org.
 */
export async function joinWithInvitation(_previous: ActionState | null, formData: FormData): Promise<ActionState> {
  const read = readForm(formData);
  const values = read.ok ? read.data : {};
  const parsed = joinInput.safeParse(values);
  delete values.password; // never echo a password back into the page (or into a stored flash)
  const failed = async (result: Result<never>, userId: string | null = null): Promise<ActionState> => {
    const state = { ...result, values };
    await sendBackWithoutJavaScript('team.join', state, userId);
    return state;
  };
  if (!read.ok) return failed(read);
  if (!parsed.success) return failed(err('bad_request', 'Some fields need attention.', fieldErrorsFrom(parsed.error)));
  if (await getViewer())
    return failed(err('bad_request', 'You are signed in already: accept with this account, or sign out first.'));
  const refused = await refusalBeforeSignUp(parsed.data);
  if (refused) return failed(refused);

  const { name, email, password, token } = parsed.data;
  let account: { userId: string; sessionToken: string | null };
  try {
    const created = await (await auth()).api.signUpEmail({ body: { name, email, password }, headers: await headers() });
    account = { userId: created.user.id, sessionToken: created.token };
  } catch (error) {
    if (!isAPIError(error)) throw error;
    return failed(err('bad_request', error.message || 'That account could not be created.'));
  }
  // Only a concurrent cancel or accept between the check above and here refuses now; the new account stays signed in.
  const change = await acceptInvitation(account.userId, token, account.sessionToken ?? undefined);
  if (!change.ok) return failed(change, account.userId);
  await invalidate('member.added', change.data, 'interactive', { source: 'action' });
  redirect('/invoices');
}
