'use client';
import { useActionState } from 'react';
import { signIn } from '@/server/auth/actions';
import type { ActionState } from '@/lib/action-state';
import { FieldError, fieldErrorsOf, valueOf } from './field-error';

/** `next`: where to land afterwards, already checked against the Tally pages (the action checks it again). */
export function SignInForm({ initialState = null, next }: { initialState?: ActionState | null; next: string }) {
  const [state, action, pending] = useActionState(signIn, initialState);
  const errors = fieldErrorsOf(state);
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="next" value={next} />
      <div>
        <label htmlFor="email" className="block text-sm font-medium">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          className="input"
          defaultValue={valueOf(state, 'email')}
          aria-invalid={!!errors?.email}
        />
        <FieldError errors={errors} name="email" />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          className="input"
          aria-invalid={!!errors?.password}
        />
        <FieldError errors={errors} name="password" />
      </div>
      {state && !state.ok && !errors && (
        <p className="text-sm text-red-600" role="alert">
          {state.message}
        </p>
      )}
      <button type="submit" className="btn btn-primary w-full justify-center" disabled={pending}>
        Sign in
      </button>
    </form>
  );
}
