import { Link } from '@/components/link';
import { roleAtLeast } from '@/lib/roles';
import { getViewer } from '@/server/auth/viewer';
import { getUserOrganizations } from '@/server/team/cached';
import { OrgSwitcher } from './org-switcher';
import { SignOutButton } from './sign-out-button';

/**
 * Which links show follows the role read from the database for this request; the org switcher and the
 * role badge show the user's cached memberships, which every membership change invalidates.
 */
export async function AppHeader() {
  const viewer = await getViewer();
  const orgs = viewer ? await getUserOrganizations(viewer.userId) : null;
  const active = viewer?.active && (orgs?.memberships.find((m) => m.orgId === viewer.active?.orgId) ?? viewer.active);
  const isAdmin = !!viewer?.active && roleAtLeast(viewer.active.role, 'admin');
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-4">
        <Link href="/invoices" className="text-lg font-semibold text-indigo-700">
          Tally
        </Link>
        {viewer && (
          <nav className="flex gap-4 text-sm">
            {viewer.active && <Link href="/invoices">Invoices</Link>}
            {viewer.active && <Link href="/customers">Customers</Link>}
            {isAdmin && <Link href="/settings/team">Team</Link>}
            {isAdmin && <Link href="/settings/organization">Settings</Link>}
            {isAdmin && <Link href="/inspector">Inspector</Link>}
            <Link href="/organizations" data-testid="organizations-link">
              Organizations
              {!!orgs?.invitations.length && (
                <span className="ml-1 rounded-full bg-indigo-600 px-1.5 text-xs text-white" data-testid="invitation-count">
                  {orgs.invitations.length}
                </span>
              )}
            </Link>
            <Link href="/settings/profile">Profile</Link>
          </nav>
        )}
        <div className="ml-auto flex items-center gap-3 text-sm">
          {viewer ? (
            <>
              {active && orgs && <OrgSwitcher active={active} memberships={orgs.memberships} />}
              <span className="text-slate-600" data-testid="viewer-email">
                {viewer.email}
                {active && (
                  <span className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs" data-testid="viewer-role">
                    {active.role}
                  </span>
                )}
              </span>
              <SignOutButton />
            </>
          ) : (
            <Link href="/sign-in" className="btn">
              Sign in
            </Link>
          )}
        </div>
      </div>
    </header>
  );
}
