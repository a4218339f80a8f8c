import Link from 'next/link';
import { roleAtLeast } from '@/lib/roles';
import { signOut } from '@/server/auth/actions';
import { getViewer } from '@/server/auth/viewer';
import { OrgSwitcher } from './org-switcher';

export async function AppHeader() {
  const viewer = await getViewer();
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-4">
        <Link href="/invoices" className="text-lg font-semibold text-indigo-700">
          Tally
        </Link>
        {viewer?.active && (
          <nav className="flex gap-4 text-sm">
            <Link href="/invoices">Invoices</Link>
            {roleAtLeast(viewer.active.role, 'admin') && <Link href="/inspector">Inspector</Link>}
          </nav>
        )}
        <div className="ml-auto flex items-center gap-3 text-sm">
          {viewer ? (
            <>
              {viewer.active && <OrgSwitcher active={viewer.active} memberships={viewer.memberships} />}
              <span className="text-slate-600" data-testid="viewer-email">
                {viewer.email}
                {viewer.active && <span className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs">{viewer.active.role}</span>}
              </span>
              <form action={signOut}>
                <button className="btn" type="submit">
                  Sign out
                </button>
              </form>
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
