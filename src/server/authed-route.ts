import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import type { z } from 'zod';
import { err, HTTP_STATUS, type Result } from '@/lib/result';
import type { Role } from '@/lib/roles';
import { resolveTenant, type TenantContext } from '@/server/authed-action';
import { fieldErrorsFrom } from '@/server/validation';

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

/** Answers about one signed-in person: never stored by a browser or a shared cache. */
export const PRIVATE_NO_STORE = 'private, no-store';

/** Maps a Result to JSON: the data with 200, or `{ error }` with 400/401/403/404/409. */
export function resultResponse<T>(result: Result<T, unknown>, init?: ResponseInit): NextResponse {
  const headers = { 'Cache-Control': PRIVATE_NO_STORE, ...init?.headers };
  if (result.ok) return NextResponse.json(result.data, { ...init, headers });
  const { ok: _ok, ...error } = result;
  return NextResponse.json({ error }, { ...init, headers, status: HTTP_STATUS[result.code] });
}

async function readJsonBody(request: NextRequest): Promise<Result<Record<string, unknown>>> {
  if (request.method === 'GET' || request.method === 'HEAD') return { ok: true, data: {} };
  const text = await request.text();
  if (!text) return { ok: true, data: {} };
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === 'object' && !Array.isArray(body)) return { ok: true, data: body as Record<string, unknown> };
  } catch {
    // fall through to the 400 below
  }
  return err('bad_request', 'The request body must be a JSON object.');
}

/**
 * The one choke point for route handlers: tenant + role, then Zod over query, path params and JSON
 * body together, then `fn`. A handler may return a ready Response (a 304, say) instead of a Result.
 */
export function authedRoute<S extends z.ZodType, T>(
  minRole: Role,
  schema: S,
  fn: (input: z.output<S>, ctx: TenantContext, request: NextRequest) => Promise<Result<T, unknown> | Response>,
) {
  return async (request: NextRequest, context: RouteContext): Promise<Response> => {
    const tenant = await resolveTenant(minRole);
    if (!tenant.ok) return resultResponse(tenant);
    const body = await readJsonBody(request);
    if (!body.ok) return resultResponse(body);
    const raw = { ...Object.fromEntries(request.nextUrl.searchParams), ...body.data, ...(await context.params) };
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      return resultResponse(err('bad_request', 'The request is not valid.', fieldErrorsFrom(parsed.error)));
    }
    const result = await fn(parsed.data, tenant.data, request);
    return result instanceof Response ? result : resultResponse(result);
  };
}
