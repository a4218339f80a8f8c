import { NextResponse } from 'next/server';
import { isDemoMode } from '@/server/env';
import { database } from '@/server/db/client';
import { DEMO_PASSWORD, DEMO_USERS } from '@/server/db/seed-demo';
import { instanceName } from '@/server/instance';

/** Readiness: opens (migrates, seeds) the database. Lists the demo accounts in demo mode only. */
export async function GET() {
  const { kind } = await database();
  const demo = isDemoMode()
    ? { password: DEMO_PASSWORD, accounts: DEMO_USERS.map((u) => ({ email: u.email, memberships: u.memberships })) }
    : null;
  return NextResponse.json({ ok: true, database: kind, instance: instanceName(), demo });
}
