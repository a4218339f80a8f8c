import { connection } from 'next/server';
import { isDemoMode } from '@/server/env';
import { SignInForm } from '@/components/sign-in-form';
import { DemoAccounts } from '@/components/demo-accounts';
import type { ActionState } from '@/lib/action-state';
import { afterSignInPath } from '@/lib/tally-paths';
import { flashFor, takeFlash } from '@/server/flash';

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ flash?: string; next?: string | string[] }>;
}) {
  await connection(); // demo mode is a runtime setting, not a build-time one
  const { flash, next } = await searchParams;
  const initialState = flashFor<ActionState>(await takeFlash(flash, null), 'auth.signIn');
  return (
    <div className="mx-auto grid max-w-3xl gap-6 md:grid-cols-2">
      <section className="card">
        <h1 className="mb-4 text-xl font-semibold">Sign in to Tally</h1>
        <SignInForm initialState={initialState} next={afterSignInPath(next)} />
      </section>
      {isDemoMode() && <DemoAccounts />}
    </div>
  );
}
