'use server';
import 'server-only';
import { isAPIError } from 'better-auth/api';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { readForm } from '@/lib/form-data';
import { err, type Result } from '@/lib/result';
import { afterSignInPath } from '@/lib/tally-paths';
import { isDemoMode } from '@/server/env';
import { demoSignInInput, signInInput, switchOrganizationInput } from '@/lib/schemas/auth';
import { DEMO_PASSWORD, DEMO_USERS } from '@/server/db/seed-demo';
import type { ActionState } from '@/server/authed-action';
import { sendBackWithoutJavaScript } from '@/server/flash';
import { fieldErrorsFrom } from '@/server/validation';
import { clientAddress } from '@/server/security/client-address';
import { auth } from './auth';
import { throttleSignIn, tooManyAttemptsMessage } from './sign-in-throttle';
import { getViewer } from './viewer';

/** Signs in, then lands on the form's `next` page when it is a Tally page (else the invoices). */
export async function signIn(_previous: ActionState | null, formData: FormData): Promise<ActionState> {
  const form = readForm(formData);
  const values = { ...(form.ok ? form.data : {}) };
  delete values.password; // never echo a password back into the page
  const failed = async (state: ActionState) => {
    await sendBackWithoutJavaScript('auth.signIn', state, null);
    return state;
  };
  if (!form.ok) return failed(form);
  const parsed = signInInput.safeParse(form.data);
  if (!parsed.success)
    return failed({ ...err('bad_request', 'Check the highlighted fields.', fieldErrorsFrom(parsed.error)), values });
  const requestHeaders = await headers();
  const attempt = await throttleSignIn({ email: parsed.data.email, address: clientAddress(requestHeaders) }, async () => {
    try {
      await (await auth()).api.signInEmail({ body: parsed.data, headers: requestHeaders });
      return { succeeded: true, value: null };
    } catch (error) {
      if (!isAPIError(error)) throw error;
      return { succeeded: false, value: 'That email and password do not match an account.' };
    }
  });
  if (!attempt.ok) return failed({ ...err('too_many_requests', tooManyAttemptsMessage(attempt.retryAfterSeconds)), values });
  if (attempt.value) return failed({ ...err('unauthorized', attempt.value), values });
  redirect(afterSignInPath(form.data.next));
}

export async function signOut(): Promise<void> {
  await (await auth()).api.signOut({ headers: await headers() });
  redirect('/sign-in');
}

/** Switches the session's active organization, after checking the membership in the database. */
export async function switchOrganization(_previous: ActionState | null, formData: FormData): Promise<Result<null>> {
  const form = readForm(formData);
  if (!form.ok) return form;
  const parsed = switchOrganizationInput.safeParse(form.data);
  if (!parsed.success) return err('bad_request', 'Pick an organization.', fieldErrorsFrom(parsed.error));
  const viewer = await getViewer();
  if (!viewer) redirect('/sign-in');
  if (!viewer.memberships.some((m) => m.orgId === parsed.data.organizationId)) {
    return err('not_found', 'You are not a member of that organization.');
  }
  await (await auth()).api.setActiveOrganization({ body: parsed.data, headers: await headers() });
  redirect('/invoices');
}

/** Demo mode only (the inspector's identity panel): become another demo user in one click. */
export async function signInAsDemoUser(formData: FormData): Promise<void> {
  const form = readForm(formData);
  const parsed = demoSignInInput.safeParse(form.ok ? form.data : {});
  if (!isDemoMode() || !parsed.success || !DEMO_USERS.some((u) => u.email === parsed.data.email)) redirect('/inspector');
  const api = (await auth()).api;
  await api.signOut({ headers: await headers() });
  await api.signInEmail({ body: { email: parsed.data.email, password: DEMO_PASSWORD }, headers: await headers() });
  redirect('/inspector');
}
