import { redirect } from 'next/navigation';
import { ProfileNameForm } from '@/components/profile-name-form';
import { getViewer } from '@/server/auth/viewer';
import { flashFor, takeFlash } from '@/server/flash';
import type { ProfileFormState } from '@/server/profile/rename';

/** Your own profile: the name every roster shows. Needs a session, not an organization. */
export default async function ProfilePage({ searchParams }: { searchParams: Promise<{ flash?: string }> }) {
  const viewer = await getViewer();
  if (!viewer) redirect('/sign-in');
  const flash = await takeFlash((await searchParams).flash, viewer.userId);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Your profile</h1>
      <section className="card space-y-2" aria-label="Profile">
        <p className="text-sm text-slate-500" data-testid="profile-email">
          {viewer.email}
        </p>
        <ProfileNameForm name={viewer.name} initialState={flashFor<ProfileFormState>(flash, 'user.rename')} />
      </section>
    </div>
  );
}
