import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { connection } from 'next/server';
import { env } from '@/server/env';
import { scrapeMetrics } from './exposition';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares digests, so neither the token's content nor its length leaks through timing. */
function bearerMatches(header: string | null, token: string): boolean {
  return header !== null && timingSafeEqual(digest(header), digest(`Bearer ${token}`));
}

/** GET /api/metrics: 404 unless TALLY_METRICS_TOKEN is set, 401 without that bearer token. */
export async function handleMetricsScrape(request: Request): Promise<Response> {
  // Read at request time: `next build` must not prerender the answer it gives without a token.
  await connection();
  const token = env().TALLY_METRICS_TOKEN;
  if (!token) return Response.json({ error: 'Not found' }, { status: 404 });
  if (!bearerMatches(request.headers.get('authorization'), token)) {
    return Response.json(
      { error: 'A valid bearer token is required.' },
      { status: 401, headers: { 'www-authenticate': 'Bearer' } },
    );
  }
  const { contentType, body } = await scrapeMetrics();
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
