import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * Sign-up through an invitation link, through the real Server Action and Better Auth's real
 * email+password sign-in (server API): the account, its membership with the invited role and the audit
 * row in one transaction, then invalidation, then the session working in the org, then the redirect.
 * Next's request, cache and navigation APIs are stubbed and log in order. Every refusal writes nothing
 * at all: no account either, even when the invitation is cancelled while the form is on its way.
 */
const h = vi.hoisted(() => ({ log: [] as { kind: string; args: unknown[] }[], sessionToken: null as string | null }));

vi.mock('next/cache', () => {
  const record =
    (kind: string) =>
    (...args: unknown[]) => {
      h.log.push({ kind, args });
    };
  return {
    updateTag: vi.fn(record('updateTag')),
    revalidateTag: vi.fn(record('revalidateTag')),
    cacheTag: vi.fn(),
    cacheLife: vi.fn(),
  };
});

// A JavaScript-driven post from the invitation page; the viewer is signed in when a test sets a session token.
vi.mock('next/headers', () => ({
  headers: vi.fn(
    async () => new Headers({ 'next-action': 'test-action-id', host: 'localhost', referer: 'http://localhost/invite/x/accept' }),
  ),
  cookies: vi.fn(async () => new Map()),
}));

vi.mock('next/navigation', () => ({
  redirect: vi.fn((url: string) => {
    h.log.push({ kind: 'redirect', args: [url] });
    throw Object.assign(new Error(`NEXT_REDIRECT;replace;${url};307;`), { digest: `NEXT_REDIRECT;replace;${url};307;` });
  }),
}));

const signedInViewer = async () => (h.sessionToken ? { userId: 'usr_member_acme' } : null);
vi.mock('@/server/auth/viewer', () => ({ getViewer: vi.fn(signedInViewer), getVerifiedViewer: vi.fn(signedInViewer) }));

const { joinWithInvitation } = await import('@/server/team/join');
const { invitationCancel, memberInvite } = await import('@/server/team/invitations');
const { orgTags, userTags } = await import('@/server/cache/tags');
const { db } = await import('@/server/db/client');
const { account, session, user } = await import('@/server/db/schema');
const { ACME, formOf } = await import('./support/fixtures');
const { auditOf, createAccount, rawInvitations, rawRole, teamSnapshot } = await import('./support/team-fixtures');

const acmeAdmin = { userId: 'usr_admin_acme', orgId: ACME };
const PASSWORD = 'a-long-enough-password';
let counter = 0;
const freshEmail = () => `j${(counter += 1)}@join.test`;

async function invite(email: string, role: 'member' | 'admin' = 'member') {
  const result = await memberInvite.commit(acmeAdmin, { orgId: ACME, email, role, mode: 'invite' });
  if (!result.ok || !result.data.invitationId) throw new Error(result.ok ? 'no invitation id' : result.message);
  return result.data.invitationId;
}

const usersWith = async (email: string) => (await db()).select().from(user).where(eq(user.email, email));
const userCount = async () => (await (await db()).select({ id: user.id }).from(user)).length;

/** Everything a refused sign-up must leave as it was: accounts, credentials, sessions and the team. */
async function world() {
  const database = await db();
  return {
    users: await userCount(),
    accounts: (await database.select({ id: account.id }).from(account)).length,
    sessions: (await database.select({ id: session.id }).from(session)).length,
    team: await teamSnapshot(ACME),
  };
}

const join = (fields: Record<string, string>) =>
  joinWithInvitation(null, formOf({ name: 'New Person', password: PASSWORD, ...fields }));

beforeEach(() => {
  h.log.length = 0;
  h.sessionToken = null;
});

describe('signing up through an invitation', () => {
  it('creates the account, joins with the invited role, works in the org, audited; then invalidation, then /invoices', async () => {
    const email = freshEmail();
    const token = await invite(email, 'admin');
    h.log.length = 0;
    await expect(join({ token, email: email.toUpperCase() })).rejects.toThrow(/NEXT_REDIRECT/);

    const [created] = await usersWith(email);
    expect(created).toMatchObject({ name: 'New Person', email });
    expect(await rawRole(ACME, created!.id)).toBe('admin');
    const sessions = await (await db()).select().from(session).where(eq(session.userId, created!.id));
    expect(sessions.map((s) => s.activeOrganizationId)).toEqual([ACME]);
    expect((await rawInvitations(ACME)).find((i) => i.id === token)?.status).toBe('accepted');
    expect((await auditOf(ACME)).at(-1)).toMatchObject({
      action: 'invitation.join',
      actorId: created!.id,
      subjectId: created!.id,
      details: { invitationId: token, role: 'admin' },
    });
    expect(h.log).toEqual([
      { kind: 'updateTag', args: [orgTags.members(ACME)] },
      { kind: 'updateTag', args: [userTags.memberships(created!.id)] },
      { kind: 'redirect', args: ['/invoices'] },
    ]);
  });

  const refusals: [string, () => Promise<Record<string, string>>, object][] = [
    [
      'a different email',
      async () => ({ token: await invite(freshEmail()), email: freshEmail() }),
      { code: 'bad_request', fieldErrors: { email: [expect.stringMatching(/different email/)] } },
    ],
    [
      'an email that has an account',
      async () => {
        const email = freshEmail();
        await createAccount(`usr_join${counter}`, email);
        return { token: await invite(email), email };
      },
      { code: 'bad_request', fieldErrors: { email: [expect.stringMatching(/sign in/)] } },
    ],
    [
      'a cancelled invitation',
      async () => {
        const email = freshEmail();
        const token = await invite(email);
        await invitationCancel.commit(acmeAdmin, { orgId: ACME, invitationId: token });
        return { token, email };
      },
      { code: 'not_found' },
    ],
    [
      'an unknown token',
      async () => ({ token: '00000000-0000-4000-8000-000000000000', email: freshEmail() }),
      { code: 'not_found' },
    ],
    [
      'a short password',
      async () => ({ token: await invite(freshEmail()), email: 'x@join.test', password: 'short' }),
      { fieldErrors: { password: [expect.any(String)] } },
    ],
  ];

  for (const [name, setUp, expected] of refusals) {
    it(`refuses ${name}: a clear error, the typed values back without the password, nothing written`, async () => {
      const fields = await setUp();
      const before = await world();
      h.log.length = 0;
      const state = await join(fields);
      expect(state).toMatchObject({ ok: false, ...expected });
      expect(state.values).not.toHaveProperty('password');
      expect(await world()).toEqual(before);
      expect(h.log).toEqual([]);
    });
  }

  it('a replayed link after a successful sign-up is refused and writes nothing', async () => {
    const email = freshEmail();
    const token = await invite(email);
    await expect(join({ token, email })).rejects.toThrow(/NEXT_REDIRECT/);
    const before = await world();
    expect(await join({ token, email })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await world()).toEqual(before);
  });

  it('an invitation cancelled after the form was checked and before the account is written: refused, no account, no member', async () => {
    const email = freshEmail();
    const token = await invite(email);
    const before = await world();
    const database = await db();
    const transaction = database.transaction.bind(database);
    // The admin's cancel commits at the moment the sign-up opens its first transaction: after everything the
    // action checks before writing, before the account exists.
    const spy = vi.spyOn(database, 'transaction').mockImplementationOnce((async (...args: Parameters<typeof transaction>) => {
      await invitationCancel.commit(acmeAdmin, { orgId: ACME, invitationId: token });
      return transaction(...args);
    }) as typeof transaction);
    h.log.length = 0;
    try {
      expect(await join({ token, email })).toMatchObject({ ok: false, code: 'not_found' });
    } finally {
      spy.mockRestore();
    }
    const after = await world();
    expect(await usersWith(email)).toEqual([]);
    expect({ users: after.users, accounts: after.accounts, sessions: after.sessions, members: after.team.members }).toEqual({
      users: before.users,
      accounts: before.accounts,
      sessions: before.sessions,
      members: before.team.members,
    });
    expect((await rawInvitations(ACME)).find((i) => i.id === token)?.status).toBe('canceled');
    expect((await auditOf(ACME)).at(-1)).toMatchObject({ action: 'invitation.cancel', subjectId: token });
    expect(h.log).toEqual([]);
  });

  it('refuses someone already signed in (they accept with their account instead)', async () => {
    const email = freshEmail();
    const token = await invite(email);
    h.sessionToken = 'some-session';
    const before = await world();
    expect(await join({ token, email })).toMatchObject({
      ok: false,
      code: 'bad_request',
      message: expect.stringMatching(/signed in/),
    });
    expect(await world()).toEqual(before);
  });
});
