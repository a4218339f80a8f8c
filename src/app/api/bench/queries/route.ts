import { connection, NextResponse } from 'next/server';
import { viewerCachedAcrossRequests } from '@/server/auth/viewer';
import { queriesRun } from '@/server/db/client';
import { isBenchMode } from '@/server/env';

/** Benchmarks only (TALLY_BENCH=1): how many queries this process has sent (to count them per request), and whether the viewer is cached. */
export async function GET() {
  await connection(); // read at request time, never prerendered
  if (!isBenchMode()) return NextResponse.json({ error: 'Not found.' }, { status: 404 });
  return NextResponse.json(
    { queries: queriesRun(), viewerCache: await viewerCachedAcrossRequests() },
    { headers: { 'cache-control': 'no-store' } },
  );
}
