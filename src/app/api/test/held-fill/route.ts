import { connection, NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { heldCounts, heldRead, heldRelease, heldWrite } from '@/server/testing/held-fill';
import { env } from '@/server/env';

/** Browser tests only (TALLY_TEST_SWITCHES=1): a cached read whose fill they hold open. See src/server/testing/held-fill.ts. */
const query = z.object({
  key: z.string().regex(/^[\w-]{1,40}$/),
  step: z.enum(['read', 'counts', 'write', 'release']),
});

const READS = new Set(['read', 'counts']);

async function handle(request: NextRequest, method: 'GET' | 'POST') {
  await connection();
  if (env().TALLY_TEST_SWITCHES !== '1') return NextResponse.json({ error: 'Not found.' }, { status: 404 });
  const parsed = query.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) return NextResponse.json({ error: z.prettifyError(parsed.error) }, { status: 400 });
  const { key, step } = parsed.data;
  if (READS.has(step) !== (method === 'GET'))
    return NextResponse.json({ error: `${step} is a ${READS.has(step) ? 'GET' : 'POST'}.` }, { status: 405 });
  const headers = { 'cache-control': 'no-store' };
  if (step === 'read') return NextResponse.json(await heldRead(key), { headers });
  if (step === 'counts') return NextResponse.json(heldCounts(key), { headers });
  if (step === 'write') heldWrite(key);
  else heldRelease(key);
  return new NextResponse(null, { status: 204, headers });
}

export const GET = (request: NextRequest) => handle(request, 'GET');
export const POST = (request: NextRequest) => handle(request, 'POST');
