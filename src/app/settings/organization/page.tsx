import { notFound } from 'next/navigation';
import { OrgSettingsForm } from '@/components/org/org-settings-form';
import { timeZoneChoices } from '@/lib/org-settings';
import { roleAtLeast } from '@/lib/roles';
import { requireViewer } from '@/server/auth/viewer';
import { flashFor, takeFlash } from '@/server/flash';
import { getInvoicingSettings } from '@/server/invoices/cached';

/** Owners and admins only, judged by the role read from the database for this request (members get a 404). */
export default async function OrganizationSettingsPage({ searchParams }: { searchParams: Promise<{ flash?: string }> }) {
  const viewer = await requireViewer();
  const { orgId, role } = viewer.active;
  if (!roleAtLeast(role, 'admin')) notFound();
  const [settings, flash] = await Promise.all([
    getInvoicingSettings(orgId),
    takeFlash((await searchParams).flash, viewer.userId),
  ]);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Organization settings</h1>
        <p className="text-sm text-slate-500">
          {settings.name} · settings fetched <span data-testid="settings-fetched-at">{settings.fetchedAt}</span>
        </p>
      </div>
      <OrgSettingsForm
        orgId={orgId}
        saved={settings}
        timeZones={timeZoneChoices()}
        initialState={flashFor(flash, 'org.updateSettings')}
      />
    </div>
  );
}
