import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { revalidateTag } from 'next/cache';
import { z } from 'zod';
import { orgOfTag } from '@/server/cache/tags';
import { env } from '@/server/env';

export const INTERNAL_REVALIDATE_PATH = '/api/internal/revalidate';

// Only tenant tags built by tags.ts (they all start with their org), never an arbitrary string.
const body = z.strictObject({
  tags: z
    .array(
      z
        .string()
        .max(300)
        .refine((tag) => orgOfTag(tag) !== null, 'not a tenant cache tag'),
    )
    .min(1)
    .max(50),
});

function authorized(header: string | null): boolean {
  const secret = env().TALLY_INTERNAL_SECRET;
  if (!secret || !header) return false;
  const expected = Buffer.from(`Bearer ${secret}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The worker process's way into this instance's cache: eventual invalidation of the posted tags. */
export async function handleInternalRevalidate(request: Request): Promise<Response> {
  if (!authorized(request.headers.get('authorization'))) return new Response(null, { status: 401 });
  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: z.prettifyError(parsed.error) }, { status: 400 });
  for (const tag of parsed.data.tags) revalidateTag(tag, 'max');
  return new Response(null, { status: 204 });
}
