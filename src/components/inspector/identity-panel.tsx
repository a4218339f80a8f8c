import { signInAsDemoUser } from '@/server/auth/actions';
import type { Membership, Viewer } from '@/server/auth/viewer';
import { DEMO_USERS } from '@/server/db/seed-demo';
import { OrgSwitcher } from '../org-switcher';

export function IdentityPanel({ viewer, demo }: { viewer: Viewer & { active: Membership }; demo: boolean }) {
  return (
    <section className="card space-y-2 text-sm" aria-label="Identity" data-testid="identity-panel">
      <h2 className="font-semibold">Who you are</h2>
      <p>
        <span data-testid="identity-email">{viewer.email}</span>, <span data-testid="identity-role">{viewer.active.role}</span> in{' '}
        <span data-testid="identity-org">{viewer.active.orgName}</span>
      </p>
      <OrgSwitcher active={viewer.active} memberships={viewer.memberships} />
      {demo && (
        <form action={signInAsDemoUser} className="flex items-center gap-1">
          <label htmlFor="demo-user" className="sr-only">
            Demo user
          </label>
          <select id="demo-user" name="email" className="input w-auto" defaultValue={viewer.email}>
            {DEMO_USERS.map((person) => (
              <option key={person.email} value={person.email}>
                {person.email}
              </option>
            ))}
          </select>
          <button className="btn" type="submit">
            Sign in as
          </button>
        </form>
      )}
    </section>
  );
}
