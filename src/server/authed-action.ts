import 'server-only';
import type { z } from 'zod';
import { readForm } from '@/lib/form-data';
import { err, type Result } from '@/lib/result';
import { roleAtLeast, type Role } from '@/lib/roles';
import { getVerifiedViewer } from '@/server/auth/viewer';
import { sendBackWithoutJavaScript, type FormName } from '@/server/flash';
import { annotateRequest } from '@/server/observability/request-spans';
import { inSpan } from '@/server/observability/spans';
import { fieldErrorsFrom } from '@/server/validation';

export interface TenantContext {
  userId: string;
  orgId: string;
  role: Role;
}

/** What a form action hands back to `useActionState`: the Result plus what the user typed, so nothing is lost. */
export type ActionState<T = unknown, C = unknown> = Result<T, C> & { values?: Record<string, unknown> };

/** Session -> active-org membership (from the database) -> role -> the tenant context, or the error to show. */
export async function resolveTenant(minRole: Role): Promise<Result<TenantContext>> {
  const viewer = await getVerifiedViewer();
  if (!viewer) return err('unauthorized', 'Your session has ended. Sign in again.');
  if (!viewer.active) return err('not_found', 'You are not a member of any organization.');
  annotateRequest({ userId: viewer.userId, orgId: viewer.active.orgId });
  if (!roleAtLeast(viewer.active.role, minRole)) {
    return err('forbidden', `Only an ${minRole} or above can do that.`);
  }
  return { ok: true, data: { userId: viewer.userId, orgId: viewer.active.orgId, role: viewer.active.role } };
}

/** Session only, for what a signed-in person does for themselves whatever their active org (accepting an invitation, leaving). */
async function resolveUser(): Promise<Result<{ userId: string }>> {
  const viewer = await getVerifiedViewer();
  if (!viewer) return err('unauthorized', 'Your session has ended. Sign in again.');
  annotateRequest({ userId: viewer.userId });
  return { ok: true, data: { userId: viewer.userId } };
}

/**
 * The choke point shared by both kinds of action: who is asking, then Zod, then `fn`. `fn` may
 * `redirect()`; that throw passes through untouched. A failure posted without JavaScript is sent back to its page.
 */
function guardedAction<Ctx extends { userId: string }, S extends z.ZodType, T, C>(
  resolve: () => Promise<Result<Ctx>>,
  schema: S,
  fn: (input: z.output<S>, ctx: Ctx) => Promise<Result<T, C>>,
  form: FormName,
) {
  return (_previous: ActionState<T, C> | null, formData: FormData): Promise<ActionState<T, C>> =>
    inSpan(`server action ${form}`, { attributes: { 'tally.action': form } }, async (span) => {
      const read = readForm(formData);
      const values = read.ok ? read.data : {};
      const caller = await resolve();
      const state: ActionState<T, C> = await (async () => {
        if (!caller.ok) return { ...caller, values };
        if (!read.ok) return read;
        const parsed = schema.safeParse(values);
        if (!parsed.success) {
          return { ...err('bad_request', 'Some fields need attention.', fieldErrorsFrom(parsed.error)), values };
        }
        return { ...(await fn(parsed.data, caller.data)), values };
      })();
      if (!state.ok) await sendBackWithoutJavaScript(form, state, caller.ok ? caller.data.userId : null);
      span.setAttribute('tally.action.outcome', state.ok ? 'ok' : state.code);
      return state;
    });
}

/** The one choke point for Server Actions on the active organization: tenant + role, then Zod, then `fn`. */
export function authedAction<S extends z.ZodType, T, C = never>(
  minRole: Role,
  schema: S,
  fn: (input: z.output<S>, ctx: TenantContext) => Promise<Result<T, C>>,
  form: FormName,
) {
  return guardedAction(() => resolveTenant(minRole), schema, fn, form);
}

/** A Server Action that needs a signed-in person but no active organization or role. */
export function signedInAction<S extends z.ZodType, T, C = never>(
  schema: S,
  fn: (input: z.output<S>, ctx: { userId: string }) => Promise<Result<T, C>>,
  form: FormName,
) {
  return guardedAction(resolveUser, schema, fn, form);
}
