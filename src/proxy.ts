import { getSessionCookie } from 'better-auth/cookies';
import { NextResponse, type NextRequest } from 'next/server';
import { canonicalId } from '@/lib/schemas/primitives';
import { NOTHING_CONTENT_SECURITY_POLICY, ONE_PASS_RENDER_MARKER, pageContentSecurityPolicy } from '@/lib/security-headers';
import { tallyPagePath } from '@/lib/tally-paths';
import { refuseCachedFunctionCall } from '@/server/security/server-function-guard';

/**
 * Cheap checks before anything renders: headers only, no database, no network. Each check answers a
 * request it refuses or redirects, or passes (null); the first answer wins. The real session and
 * membership checks stay in pages, actions and route handlers. docs/decisions/011 and 012.
 */
type Check = (request: NextRequest) => Response | null;

/** Next's own limit for Server Action bodies (next.config.ts), answered here as 413 instead of Next's 500. */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;
const API_BODY_LIMIT_BYTES = 64 * 1024;

const isApi = (pathname: string) => pathname === '/api' || pathname.startsWith('/api/');
const isAuthApi = (pathname: string) => pathname.startsWith('/api/auth/');
const isUnsafe = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

const refusal = (status: number, message: string, headers?: HeadersInit) =>
  NextResponse.json({ error: { code: status === 403 ? 'forbidden' : 'bad_request', message } }, { status, headers });

/** Next refuses a cross-origin Server Action with a 500; a foreign Origin on any write is a 403 here. */
const refuseForeignOrigin: Check = (request) => {
  const origin = request.headers.get('origin');
  if (!isUnsafe(request.method) || origin === null || isAuthApi(request.nextUrl.pathname)) return null;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    // an Origin that is not a URL is foreign too
  }
  return originHost !== null && originHost === host ? null : refusal(403, 'This request must come from a Tally page.');
};

/** Bodies are limited by their declared length, so nothing oversized is read; a body of unknown length is refused. */
const refuseOversizedBody: Check = (request) => {
  if (!isUnsafe(request.method)) return null;
  const declared = request.headers.get('content-length');
  if (declared === null) {
    return request.headers.has('transfer-encoding') ? refusal(411, 'Send the request with a Content-Length.') : null;
  }
  const limit = isApi(request.nextUrl.pathname) ? API_BODY_LIMIT_BYTES : ACTION_BODY_LIMIT_BYTES;
  if (!/^\d+$/.test(declared)) return refusal(400, 'Content-Length is not a number.');
  if (Number(declared) <= limit) return null;
  return refusal(413, `The request is too large: at most ${Math.floor(limit / 1024)} KB.`);
};

const ID_IN_PATH =
  /^(\/(?:api\/)?invoices\/)([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})(\/.*)?$/;

/** One URL per record: a case variant of an id is sent, permanently, to the canonical one. */
const redirectToCanonicalId: Check = (request) => {
  const match = ID_IN_PATH.exec(request.nextUrl.pathname);
  const [, prefix = '', id = '', rest = ''] = match ?? [];
  if (!match || id === canonicalId(id)) return null;
  const url = request.nextUrl.clone();
  url.pathname = `${prefix}${canonicalId(id)}${rest}`;
  return NextResponse.redirect(url, 308);
};

/** An invitation link and its page are for people who may have no account yet. */
const isInvitationLink = (pathname: string) => pathname.startsWith('/invite/');

/** Anonymous page requests go to sign-in before any rendering (only the cookie's presence is checked here). */
const redirectAnonymous: Check = (request) => {
  const { pathname, search } = request.nextUrl;
  if (isApi(pathname) || pathname === '/sign-in' || isInvitationLink(pathname) || !['GET', 'HEAD'].includes(request.method))
    return null;
  if (getSessionCookie(request)) return null;
  const url = request.nextUrl.clone();
  url.pathname = '/sign-in';
  url.search = '';
  const next = tallyPagePath(`${pathname}${search}`);
  if (next && next !== '/') url.searchParams.set('next', next);
  return NextResponse.redirect(url, 307);
};

const CHECKS: Check[] = [refuseForeignOrigin, refuseOversizedBody, redirectToCanonicalId, redirectAnonymous];

/** A page request that is not a client navigation or prefetch (those ask for the RSC payload): a browser's or curl's. */
const isDocumentRequest = (request: NextRequest) => ['GET', 'HEAD'].includes(request.method) && !request.headers.has('rsc');

/**
 * Under Cache Components a page answers from its prerendered shell, which commits a 200 before the page
 * can call `notFound()`, and carries scripts without this request's nonce. A document request is marked
 * so Next renders it in one pass instead (`htmlLimitedBots` in next.config.ts): the status is decided
 * before the first byte and every script carries the nonce. Client navigations keep the shell.
 */
function documentRendersInOnePass(request: NextRequest, headers: Headers): void {
  if (isDocumentRequest(request))
    headers.set('user-agent', `${headers.get('user-agent') ?? ''} ${ONE_PASS_RENDER_MARKER}`.trim());
}

export async function proxy(request: NextRequest): Promise<Response> {
  const api = isApi(request.nextUrl.pathname);
  // A `'use cache'` function named as a Server Action never reaches Next (docs/decisions/014).
  const cachedFunctionCall = await refuseCachedFunctionCall(request);
  if (cachedFunctionCall) {
    cachedFunctionCall.headers.set('Content-Security-Policy', NOTHING_CONTENT_SECURITY_POLICY);
    return cachedFunctionCall;
  }
  for (const check of CHECKS) {
    const answer = check(request);
    if (answer) {
      answer.headers.set('Content-Security-Policy', NOTHING_CONTENT_SECURITY_POLICY);
      return answer;
    }
  }
  if (api) {
    const response = NextResponse.next();
    response.headers.set('Content-Security-Policy', NOTHING_CONTENT_SECURITY_POLICY);
    return response;
  }
  const policy = pageContentSecurityPolicy(scriptNonce());
  const headers = new Headers(request.headers);
  headers.set('Content-Security-Policy', policy);
  documentRendersInOnePass(request, headers);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  // Server Actions are posted to page URLs; Next's own assets never carry one.
  matcher: ['/((?!_next/|favicon.ico).*)'],
};

/** 128 random bits in 24 characters; every script tag on the page carries it, so it is kept short. */
function scriptNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
