import 'server-only';
import { NextResponse } from 'next/server';
import { auth } from './auth';
import { throttledJsonSignIn } from './json-sign-in';

export const AUTH_BASE_PATH = '/api/auth';

type Method = 'GET' | 'POST';

/**
 * The only Better Auth endpoints reachable over HTTP. Everything else the library or its plugins
 * offer (today or after an upgrade) answers 404: Tally's own writes go through Server Actions with
 * their transaction, audit row and invalidation, and server code still calls `auth.api.*` directly.
 */
export const HTTP_ENDPOINTS: Readonly<Record<string, readonly Method[]>> = {
  // The JSON sign-in (scripts, benchmarks); throttled exactly like the sign-in form.
  '/sign-in/email': ['POST'],
  '/sign-out': ['POST'],
  '/get-session': ['GET'],
  // "Sign out everywhere else": ends the caller's other sessions (each expires its cached viewer).
  '/revoke-other-sessions': ['POST'],
};

const notFound = () =>
  NextResponse.json({ error: { code: 'not_found', message: 'There is no such auth endpoint.' } }, { status: 404 });

const methodNotAllowed = (allowed: readonly Method[]) =>
  NextResponse.json(
    { error: { code: 'method_not_allowed', message: `Use ${allowed.join(' or ')} here.` } },
    { status: 405, headers: { allow: allowed.join(', ') } },
  );

/** The endpoint path a request names, or null when it is not under the auth base path. */
export function endpointPathOf(request: Request): string | null {
  const { pathname } = new URL(request.url);
  return pathname.startsWith(`${AUTH_BASE_PATH}/`) ? pathname.slice(AUTH_BASE_PATH.length) : null;
}

/** Passes a request to Better Auth only when its path and method are on the allow-list. */
export async function handleAuthRequest(request: Request): Promise<Response> {
  const path = endpointPathOf(request);
  const allowed = path === null ? undefined : HTTP_ENDPOINTS[path];
  if (!allowed) return notFound();
  if (!allowed.includes(request.method as Method)) return methodNotAllowed(allowed);
  const { handler } = await auth();
  return path === '/sign-in/email' ? throttledJsonSignIn(request, handler) : handler(request);
}
