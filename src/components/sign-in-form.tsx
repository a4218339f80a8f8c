'use client';
import { useActionState } from 'react';
import { signIn } from '@/server/auth/actions';
import type { ActionState } from '@/lib/action-state';
import { fieldErrorsOf, valueOf } from './field-error';
import { LabelledInput } from './labelled-input';

/** `next`: where to land afterwards, already checked against the Tally pages (the action checks it again). */
export function SignInForm({ initialState = null, next }: { initialState?: ActionState | null; next: string }) {
  const [state, action, pending] = useActionState(signIn, initialState);
  const errors = fieldErrorsOf(state);
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="next" value={next} />
      <LabelledInput
        label="Email"
        id="email"
        name="email"
        type="email"
        autoComplete="username"
        defaultValue={valueOf(state, 'email')}
        aria-invalid={!!errors?.email}
        errors={errors}
      />
      <LabelledInput
        label="Password"
        id="password"
        name="password"
        type="password"
        autoComplete="current-password"
        aria-invalid={!!errors?.password}
        errors={errors}
      />
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
