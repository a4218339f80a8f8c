import { connection } from 'next/server';

/** Liveness: the process answers HTTP. Nothing else is checked, so a database outage never restarts it. */
export async function GET() {
  await connection();
  return Response.json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
}
