'use client';
import { useActionState } from 'react';
import { isError } from '@/lib/result';
import type { Role } from '@/lib/roles';
import { addTeamMember } from '@/server/team/actions';
import { FieldError, fieldErrorsOf, valueOf } from '../field-error';
import { LabelledInput } from '../labelled-input';
import type { TeamFormState } from '@/lib/team';

/** One form, two buttons: add the account now, or invite it and let its owner accept. */
export function AddMemberForm({
  orgId,
  roles,
  initialState = null,
}: {
  orgId: string;
  roles: Role[];
  initialState?: TeamFormState | null;
}) {
  const [state, action, pending] = useActionState(addTeamMember, initialState);
  const errors = fieldErrorsOf(state);
  return (
    <form action={action} className="space-y-2" noValidate aria-label="Add a member">
      <input type="hidden" name="orgId" value={orgId} />
      {isError(state) && !errors && (
        <p className="text-sm text-red-600" role="alert">
          {state.message}
        </p>
      )}
      <div className="flex flex-wrap items-start gap-2">
        <div className="min-w-64 flex-1">
          <LabelledInput
            label="Email"
            id="email"
            name="email"
            type="email"
            defaultValue={valueOf(state, 'email')}
            aria-invalid={!!errors?.email}
            aria-describedby="email-error"
            errors={errors}
          />
        </div>
        <div>
          <label htmlFor="role" className="block text-sm font-medium">
            Role
          </label>
          <select
            id="role"
            name="role"
            className="input w-auto"
            defaultValue={valueOf(state, 'role') ?? 'member'}
            aria-invalid={!!errors?.role}
            aria-describedby="role-error"
          >
            {roles.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
          <FieldError errors={errors} name="role" />
        </div>
      </div>
      <div className="flex gap-2">
        <button type="submit" name="mode" value="add" className="btn btn-primary" disabled={pending}>
          Add now
        </button>
        <button type="submit" name="mode" value="invite" className="btn" disabled={pending}>
          Send invitation
        </button>
      </div>
    </form>
  );
}
