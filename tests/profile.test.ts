import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * Renaming yourself goes through Tally's write path: the session is mocked at Better Auth (read from
 * the session table), the rest is real. Next's cache and navigation calls land in one ordered log.
 */
const h = vi.hoisted(() => ({ sessionId: null as string | null, log: [] as { kind: string; args: unknown[] }[] }));

vi.mock('@/server/auth/auth', async () => {
  const { db } = await import('@/server/db/client');
  const { session, user } = await import('@/server/db/schema');
  const getSession = async () => {
    if (!h.sessionId) return null;
    const [row] = await (
      await db()
    )
      .select({ session, user })
      .from(session)
      .innerJoin(user, eq(user.id, session.userId))
      .where(eq(session.id, h.sessionId));
    return row ?? null;
  };
  return { auth: async () => ({ api: { getSession } }) };
});

vi.mock('next/cache', () => ({
  updateTag: vi.fn((...args: unknown[]) => h.log.push({ kind: 'updateTag', args })),
  revalidateTag: vi.fn((...args: unknown[]) => h.log.push({ kind: 'revalidateTag', args })),
  cacheTag: vi.fn(),
  cacheLife: vi.fn(),
}));

vi.mock('next/headers', () => ({
  headers: vi.fn(
    async () => new Headers({ 'next-action': 'test-action-id', host: 'localhost', referer: 'http://localhost/settings/profile' }),
  ),
}));

vi.mock('next/navigation', () => ({
  redirect: vi.fn((url: string) => {
    h.log.push({ kind: 'redirect', args: [url] });
    throw Object.assign(new Error(`NEXT_REDIRECT;replace;${url};307;`), { digest: `NEXT_REDIRECT;replace;${url};307;` });
  }),
}));

const { renameProfile } = await import('@/server/profile/actions');
const { commentTags, orgTags } = await import('@/server/cache/tags');
const { readRoster } = await import('@/server/team/reads');
const { db } = await import('@/server/db/client');
const { user } = await import('@/server/db/schema');
const { ACME, GLOBEX, auditRows } = await import('./support/fixtures');
const { createSession } = await import('./support/team-fixtures');

const form = (name: string) => {
  const data = new FormData();
  data.set('name', name);
  return data;
};
const nameOf = async (userId: string) =>
  (await (await db()).select({ name: user.name }).from(user).where(eq(user.id, userId)))[0]?.name;
const rosterName = async (orgId: string, userId: string) =>
  (await readRoster(orgId)).members.find((m) => m.userId === userId)?.name;

beforeEach(() => {
  h.log.length = 0;
  h.sessionId = null;
});

describe('renaming your profile', () => {
  it('commits the name with an audit row per org, then invalidates the roster and comment pages of every org you are in, then redirects', async () => {
    h.sessionId = await createSession('usr_pat', ACME);
    await expect(renameProfile(null, form('  Pat Renamed '))).rejects.toThrow(/NEXT_REDIRECT/);
    expect(await nameOf('usr_pat')).toBe('Pat Renamed');
    for (const orgId of [ACME, GLOBEX]) expect(await rosterName(orgId, 'usr_pat')).toBe('Pat Renamed');
    const audits = (await auditRows('usr_pat')).filter((row) => row.action === 'user.rename');
    expect(audits.map((row) => row.orgId).sort()).toEqual([ACME, GLOBEX].sort());
    expect(audits[0]?.details).toEqual({ from: 'Pat Both', to: 'Pat Renamed' });
    expect(h.log.map((e) => `${e.kind} ${e.args[0]}`).sort()).toEqual(
      [
        ...[ACME, GLOBEX].flatMap((orgId) => [`updateTag ${orgTags.members(orgId)}`, `updateTag ${commentTags.authors(orgId)}`]),
        'redirect /settings/profile',
      ].sort(),
    );
    expect(h.log.at(-1)?.kind).toBe('redirect');
  });

  it('touches no roster of an org you are not in', async () => {
    h.sessionId = await createSession('usr_member_acme', ACME);
    await expect(renameProfile(null, form('Mia Renamed'))).rejects.toThrow(/NEXT_REDIRECT/);
    expect(h.log.filter((e) => e.kind === 'updateTag').map((e) => e.args[0])).toEqual([
      orgTags.members(ACME),
      commentTags.authors(ACME),
    ]);
  });

  it('refuses an empty name with a field error and writes nothing', async () => {
    h.sessionId = await createSession('usr_admin_acme', ACME);
    const state = await renameProfile(null, form('   '));
    expect(state).toMatchObject({ ok: false, code: 'bad_request', fieldErrors: { name: [expect.any(String)] } });
    expect(await nameOf('usr_admin_acme')).toBe('Adam Admin');
    expect(h.log).toEqual([]);
  });

  it('refuses without a session', async () => {
    expect(await renameProfile(null, form('Nobody'))).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(h.log).toEqual([]);
  });
});
