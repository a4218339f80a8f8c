'use client';
import { useActionState } from 'react';
import { renameProfile } from '@/server/profile/actions';
import type { ActionState } from '@/lib/action-state';
import { fieldErrorsOf, valueOf } from './field-error';
import { LabelledInput } from './labelled-input';

export function ProfileNameForm({
  name,
  initialState = null,
}: {
  name: string;
  initialState?: ActionState<unknown, never> | null;
}) {
  const [state, action, pending] = useActionState(renameProfile, initialState);
  const errors = fieldErrorsOf(state);
  return (
    <form action={action} className="flex flex-wrap items-start gap-2" noValidate aria-label="Your name">
      <div className="min-w-64 flex-1">
        <LabelledInput
          label="Name"
          name="name"
          id="name"
          autoComplete="name"
          errors={errors}
          defaultValue={valueOf(state, 'name') ?? name}
          aria-invalid={!!errors?.name}
          aria-describedby="name-error"
        />
        {state && !state.ok && !errors && (
          <p className="mt-1 text-xs text-red-600" role="alert">
            {state.message}
          </p>
        )}
      </div>
      <button type="submit" className="btn self-end" disabled={pending}>
        Save
      </button>
    </form>
  );
}
