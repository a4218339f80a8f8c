/**
 * The headers every response carries (docs/decisions/012-honest-answers-and-headers.md). Pages get a fresh
 * script nonce per request; Next stamps it on every script it renders, so nothing else may run.
 */
export function pageContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Document requests carry this in their user agent (src/proxy.ts) and `htmlLimitedBots` matches it, so
 * Next renders them in one pass instead of resuming the prerendered shell (docs/decisions/012).
 */
export const ONE_PASS_RENDER_MARKER = 'TallyOnePassRender';

/** JSON and redirects render nothing, so nothing may load or frame them. */
export const NOTHING_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Set on every response by next.config.ts, static files included. */
export const STATIC_SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
];
