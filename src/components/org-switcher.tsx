'use client';
import { useActionState } from 'react';
import { switchOrganization } from '@/server/auth/actions';
import type { Membership } from '@/lib/team';

export function OrgSwitcher({ active, memberships }: { active: Membership; memberships: Membership[] }) {
  const [state, action, pending] = useActionState(switchOrganization, null);
  return (
    <form action={action} className="flex items-center gap-1" aria-label="Switch organization">
      <label htmlFor="org-switcher" className="sr-only">
        Organization
      </label>
      <select
        id="org-switcher"
        name="organizationId"
        defaultValue={active.orgId}
        className="input w-auto"
        data-testid="org-switcher"
      >
        {memberships.map((m) => (
          <option key={m.orgId} value={m.orgId}>
            {m.orgName} ({m.role})
          </option>
        ))}
      </select>
      <button type="submit" className="btn" disabled={pending || memberships.length < 2}>
        Switch
      </button>
      {state && !state.ok && <span className="text-xs text-red-600">{state.message}</span>}
    </form>
  );
}
