/**
 * The pages a redirect may send someone to: Tally's own, on the same origin. Every redirect target
 * that comes from a client (a Referer, a `next` parameter) passes through here first.
 */
const TALLY_PAGES = [
  /^\/$/,
  /^\/invoices$/,
  /^\/invoices\/new$/,
  /^\/invoices\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  /^\/customers$/,
  /^\/customers\/new$/,
  /^\/customers\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  /^\/settings\/profile$/,
  /^\/inspector$/,
  /^\/settings\/team$/,
  /^\/settings\/organization$/,
  /^\/organizations$/,
  /^\/sign-in$/,
  /^\/invite\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/accept$/,
];

// Resolving against a placeholder origin turns `//evil.example/x`, `/\evil.example` and `https://…` into other origins.
const PLACEHOLDER_ORIGIN = 'http://tally.invalid';

/** `path` (with its query) when it names a Tally page on this origin, else null. */
export function tallyPagePath(path: string): string | null {
  if (!path.startsWith('/')) return null;
  let url: URL;
  try {
    url = new URL(path, PLACEHOLDER_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN || !TALLY_PAGES.some((page) => page.test(url.pathname))) return null;
  return `${url.pathname}${url.search}`;
}

/** Where sign-in sends someone afterwards: the page they asked for, when it is a Tally page, else the invoices. */
export const afterSignInPath = (next: unknown): string =>
  (typeof next === 'string' && next !== '' && tallyPagePath(next)?.replace(/^\/sign-in(\?.*)?$/, '')) || '/invoices';
