import { connection } from 'next/server';
import { readiness } from '@/server/observability/readiness';

/** Readiness for load balancers and the cluster harness: 200 when this instance can serve, 503 otherwise. */
export async function GET() {
  await connection();
  const result = await readiness();
  return Response.json(result, { status: result.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
