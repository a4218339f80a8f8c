import { vi } from 'vitest';

/**
 * The one stand-in for Next's request APIs in the integration tests. A test file wires it with
 *
 *   vi.mock('next/cache', () => import('./support/next-mocks').then((m) => m.nextCache));
 *   vi.mock('next/headers', () => import('./support/next-mocks').then((m) => m.nextHeaders));
 *   vi.mock('next/navigation', () => import('./support/next-mocks').then((m) => m.nextNavigation));
 *
 * and reads `nextLog`: every invalidation and redirect (and, with `recordCommits`, every commit) in
 * the order it happened.
 */
export const nextLog: { kind: string; args: unknown[] }[] = [];

export const request = {
  /** false: a JavaScript-driven action post (Next-Action header), so failed states come back to the caller. */
  plainPost: false,
  referer: 'http://localhost/invoices',
  /** `updateTag` throws for this tag, to test a failure halfway through a fan-out. */
  failingTag: null as string | null,
};

const record =
  (kind: string) =>
  (...args: unknown[]) => {
    nextLog.push({ kind, args });
  };

export const nextCache = {
  updateTag: vi.fn((tag: string) => {
    if (tag === request.failingTag) throw new Error('boom');
    nextLog.push({ kind: 'updateTag', args: [tag] });
  }),
  revalidateTag: vi.fn(record('revalidateTag')),
  revalidatePath: vi.fn(record('revalidatePath')),
  cacheTag: vi.fn(),
  cacheLife: vi.fn(),
};

export const nextHeaders = {
  headers: vi.fn(async () => {
    const plain = { host: 'localhost', referer: request.referer };
    return new Headers(request.plainPost ? plain : { ...plain, 'next-action': 'test-action-id' });
  }),
  cookies: vi.fn(async () => new Map()),
};

export const nextNavigation = {
  redirect: vi.fn((url: string) => {
    nextLog.push({ kind: 'redirect', args: [url] });
    // Like Next's NEXT_REDIRECT error: the digest carries the URL.
    throw Object.assign(new Error(`NEXT_REDIRECT;replace;${url};307;`), { digest: `NEXT_REDIRECT;replace;${url};307;` });
  }),
  notFound: vi.fn(() => {
    throw new Error('NEXT_NOT_FOUND');
  }),
};

export const kinds = () => nextLog.map((entry) => entry.kind);
export const callsOf = (kind: string) => nextLog.filter((entry) => entry.kind === kind).map((entry) => entry.args);

/** Clears the log and the request shape between tests. */
export function resetNext(referer = 'http://localhost/invoices') {
  nextLog.length = 0;
  Object.assign(request, { plainPost: false, referer, failingTag: null });
  vi.clearAllMocks();
}

/** Logs a 'commit' when each transaction has committed (drizzle resolves `transaction()` after COMMIT); returns the undo. */
export async function recordCommits(): Promise<() => void> {
  const { db } = await import('@/server/db/client');
  const database = await db();
  const original = database.transaction.bind(database);
  const spy = vi.spyOn(database, 'transaction').mockImplementation((async (...args: Parameters<typeof original>) => {
    const result = await original(...args);
    nextLog.push({ kind: 'commit', args: [] });
    return result;
  }) as typeof original);
  return () => spy.mockRestore();
}

/** `@/server/auth/viewer` for tests that call Server Actions: the session is whatever `current()` says. */
export function actionViewer(current: () => unknown) {
  return {
    getViewer: vi.fn(async () => current()),
    getVerifiedViewer: vi.fn(async () => current()),
    requireViewer: vi.fn(async () => {
      throw new Error('requireViewer is not used by actions');
    }),
    listMemberships: vi.fn(async () => []),
  };
}
