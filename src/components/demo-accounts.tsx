import { DEMO_ORGS, DEMO_PASSWORD, DEMO_USERS } from '@/server/db/seed-demo';

const orgName = (orgId: string) => DEMO_ORGS.find((org) => org.id === orgId)?.name ?? orgId;

export function DemoAccounts() {
  return (
    <section className="card text-sm" data-testid="demo-accounts">
      <h2 className="mb-2 font-semibold">Demo accounts</h2>
      <p className="mb-2 text-slate-600">
        Every account uses the password <code className="rounded bg-slate-100 px-1">{DEMO_PASSWORD}</code>.
      </p>
      <ul className="space-y-1">
        {DEMO_USERS.map((person) => (
          <li key={person.id}>
            <code>{person.email}</code>{' '}
            <span className="text-slate-500">{person.memberships.map((m) => `${m.role} in ${orgName(m.orgId)}`).join(', ')}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
