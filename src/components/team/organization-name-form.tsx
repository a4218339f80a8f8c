'use client';
import { useActionState } from 'react';
import { renameTeamOrganization } from '@/server/team/actions';
import { FieldError, fieldErrorsOf, valueOf } from '../field-error';
import type { TeamFormState } from '@/lib/team';

export function OrganizationNameForm({
  orgId,
  name,
  initialState = null,
}: {
  orgId: string;
  name: string;
  initialState?: TeamFormState | null;
}) {
  const [state, action, pending] = useActionState(renameTeamOrganization, initialState);
  const errors = fieldErrorsOf(state);
  return (
    <form action={action} className="flex flex-wrap items-start gap-2" noValidate aria-label="Organization name">
      <input type="hidden" name="orgId" value={orgId} />
      <div className="min-w-64 flex-1">
        <label htmlFor="name" className="sr-only">
          Organization name
        </label>
        <input
          id="name"
          name="name"
          className="input"
          defaultValue={valueOf(state, 'name') ?? name}
          aria-invalid={!!errors?.name}
          aria-describedby="name-error"
        />
        <FieldError errors={errors} name="name" />
        {state && !state.ok && !errors && (
          <p className="mt-1 text-xs text-red-600" role="alert">
            {state.message}
          </p>
        )}
      </div>
      <button type="submit" className="btn" disabled={pending}>
        Rename
      </button>
    </form>
  );
}
