'use client';
import { useActionState } from 'react';
import { isError } from '@/lib/result';
import type { ActionState } from '@/lib/action-state';
import { joinWithInvitation } from '@/server/team/join';
import { FieldError, fieldErrorsOf, valueOf } from '../field-error';

const FIELDS = [
  { name: 'email', label: 'Email (the address this invitation was sent to)', type: 'email', autoComplete: 'email' },
  { name: 'name', label: 'Your name', type: 'text', autoComplete: 'name' },
  { name: 'password', label: 'Password (8 characters or more)', type: 'password', autoComplete: 'new-password' },
] as const;

/** Creates an account for the invitation's email and joins the organization in one post. */
export function JoinForm({ token, initialState = null }: { token: string; initialState?: ActionState | null }) {
  const [state, action, pending] = useActionState(joinWithInvitation, initialState);
  const errors = fieldErrorsOf(state);
  return (
    <form action={action} className="space-y-3" noValidate aria-label="Create your account">
      <input type="hidden" name="token" value={token} />
      {FIELDS.map((field) => (
        <div key={field.name}>
          <label htmlFor={field.name} className="block text-sm font-medium">
            {field.label}
          </label>
          <input
            id={field.name}
            name={field.name}
            type={field.type}
            autoComplete={field.autoComplete}
            className="input"
            defaultValue={field.type === 'password' ? undefined : valueOf(state, field.name)}
            aria-invalid={!!errors?.[field.name]}
            aria-describedby={`${field.name}-error`}
          />
          <FieldError errors={errors} name={field.name} />
        </div>
      ))}
      {isError(state) && !errors && (
        <p className="text-sm text-red-600" role="alert">
          {state.message}
        </p>
      )}
      <button type="submit" className="btn btn-primary w-full justify-center" disabled={pending}>
        Create account and join
      </button>
    </form>
  );
}
