import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';

/**
 * The team actions through the real choke point: the session is mocked at Better Auth (it reads the
 * session row from the database), everything after it is real — membership and role come from the
 * member table on every call. Next's cache and navigation APIs and every commit land in one ordered log.
 */
const h = vi.hoisted(() => ({
  sessionId: null as string | null,
  log: [] as { kind: string; args: unknown[] }[],
}));

const { SESSION_COOKIE, COOKIE_SECRET } = vi.hoisted(() => ({
  SESSION_COOKIE: 'tally.session_token',
  COOKIE_SECRET: 'test-cookie-secret',
}));

vi.mock('@/server/auth/auth', async () => {
  const { db } = await import('@/server/db/client');
  const { session, user } = await import('@/server/db/schema');
  const api = {
    getSession: async () => {
      if (!h.sessionId) return null;
      const [row] = await (
        await db()
      )
        .select({ session, user })
        .from(session)
        .innerJoin(user, eq(user.id, session.userId))
        .where(eq(session.id, h.sessionId));
      return row ?? null;
    },
    setActiveOrganization: vi.fn(async ({ body }: { body: { organizationId: string } }) => {
      h.log.push({ kind: 'setActiveOrganization', args: [body.organizationId] });
    }),
  };
  // No session hooks installed, so getViewer takes Better Auth's uncached path (api.getSession) once the
  // request carries a signed session cookie (see the next/headers mock).
  const $context = Promise.resolve({ authCookies: { sessionToken: { name: SESSION_COOKIE } }, secret: COOKIE_SECRET });
  return { auth: async () => ({ api, $context, options: {} }) };
});

vi.mock('next/cache', () => {
  const record =
    (kind: string) =>
    (...args: unknown[]) => {
      h.log.push({ kind, args });
    };
  return {
    updateTag: vi.fn(record('updateTag')),
    revalidateTag: vi.fn(record('revalidateTag')),
    revalidatePath: vi.fn(record('revalidatePath')),
    cacheTag: vi.fn(),
    cacheLife: vi.fn(),
  };
});

// A JavaScript-driven post: failed states come back to the caller instead of a flash redirect.
vi.mock('next/headers', async () => {
  const { createHmac } = await import('node:crypto');
  const signed = (token: string) => `${token}.${createHmac('sha256', COOKIE_SECRET).update(token).digest('base64')}`;
  return {
    headers: vi.fn(
      async () =>
        new Headers({
          'next-action': 'test-action-id',
          host: 'localhost',
          referer: 'http://localhost/settings/team',
          ...(h.sessionId ? { cookie: `${SESSION_COOKIE}=${encodeURIComponent(signed(h.sessionId))}` } : {}),
        }),
    ),
    cookies: vi.fn(async () => new Map()),
  };
});

vi.mock('next/navigation', () => ({
  redirect: vi.fn((url: string) => {
    h.log.push({ kind: 'redirect', args: [url] });
    throw Object.assign(new Error(`NEXT_REDIRECT;replace;${url};307;`), { digest: `NEXT_REDIRECT;replace;${url};307;` });
  }),
  notFound: vi.fn(() => {
    throw new Error('NEXT_NOT_FOUND');
  }),
}));

const {
  acceptTeamInvitation,
  addTeamMember,
  cancelTeamInvitation,
  changeTeamMemberRole,
  leaveTeam,
  removeTeamMember,
  resendTeamInvitation,
  transferTeamOwnership,
} = await import('@/server/team/actions');
const { updateInvoice } = await import('@/server/invoices/actions');
const { getViewer, requireViewer } = await import('@/server/auth/viewer');
const { memberInvite } = await import('@/server/team/invitations');
const { orgTags, userTags } = await import('@/server/cache/tags');
const { db } = await import('@/server/db/client');
const { ACME, GLOBEX, activeInvoice, auditRows, editForm, formOf, invalidationRows, lastInvalidationId, rawInvoice } =
  await import('./support/fixtures');
const { addRawMember, createAccount, createSession, rawInvitations, rawMembers, rawRole, teamSnapshot } =
  await import('./support/team-fixtures');

const kinds = () => h.log.map((entry) => entry.kind);
const callsOf = (kind: string) => h.log.filter((entry) => entry.kind === kind).map((entry) => entry.args);

async function redirectOf(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    (state) => {
      throw new Error(`expected a redirect, got ${JSON.stringify(state)}`);
    },
    (thrown: unknown) => thrown as Error,
  );
  expect(error.message).toMatch(/^NEXT_REDIRECT/);
  return String(callsOf('redirect').at(-1)?.[0]);
}

let counter = 0;
/** A fresh account with the given memberships and a signed-in session working in `active`. */
async function person(memberships: [string, string][], active: string | null) {
  counter += 1;
  const account = await createAccount(`usr_a${counter}`, `a${counter}@team-actions.test`);
  for (const [orgId, role] of memberships) await addRawMember(orgId, account.id, role);
  return { ...account, sessionId: await createSession(account.id, active) };
}
const signInAs = (who: { sessionId: string }) => {
  h.sessionId = who.sessionId;
};

let owner: Awaited<ReturnType<typeof person>>;
let transactionSpy: MockInstance | undefined;

beforeEach(async () => {
  h.log.length = 0;
  h.sessionId = null;
  vi.clearAllMocks();
  owner ??= { id: 'usr_owner_acme', email: 'owner@acme.test', sessionId: await createSession('usr_owner_acme', ACME) };
  const database = await db();
  const original = database.transaction.bind(database);
  transactionSpy = vi.spyOn(database, 'transaction').mockImplementation((async (...args: Parameters<typeof original>) => {
    const result = await original(...args);
    h.log.push({ kind: 'commit', args: [] });
    return result;
  }) as typeof original);
});

afterEach(() => {
  transactionSpy?.mockRestore();
});

/** An edit of an Acme invoice that must be refused: the invoice, its audit trail and the cache stay as they were. */
async function expectEditRefused(code: 'not_found' | 'forbidden') {
  const invoice = await activeInvoice(ACME, 5);
  const before = await rawInvoice(invoice.id);
  const audits = await auditRows(invoice.id);
  const since = await lastInvalidationId();
  h.log.length = 0;
  const result = await updateInvoice(null, editForm(invoice, { customerName: 'Should Not Stick' }));
  expect(result).toMatchObject({ ok: false, code });
  expect(await rawInvoice(invoice.id)).toEqual(before);
  expect(await auditRows(invoice.id)).toEqual(audits);
  expect(await invalidationRows(since)).toEqual([]);
  expect(kinds().filter((kind) => kind !== 'commit')).toEqual([]);
}

describe('a permission change holds on the very next request', () => {
  it("a removed member's next Server Action is refused (not a member), their next page sends them away, nothing is written", async () => {
    const admin = await person([[ACME, 'admin']], ACME);
    signInAs(admin);
    expect((await getViewer())?.active).toMatchObject({ orgId: ACME, role: 'admin' });

    signInAs(owner);
    expect(await redirectOf(removeTeamMember(null, formOf({ orgId: ACME, userId: admin.id })))).toBe('/settings/team');

    signInAs(admin);
    await expectEditRefused('not_found');
    const team = await teamSnapshot(ACME);
    expect(await removeTeamMember(null, formOf({ orgId: ACME, userId: 'usr_member_acme' }))).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(await teamSnapshot(ACME)).toEqual(team);
    await expect(requireViewer()).rejects.toThrow(/NEXT_REDIRECT;replace;\/organizations;/);
  });

  it('a member removed from their active org falls back to their other org, where the old role does not follow them', async () => {
    const pat = await person(
      [
        [ACME, 'admin'],
        [GLOBEX, 'member'],
      ],
      ACME,
    );
    signInAs(owner);
    await redirectOf(removeTeamMember(null, formOf({ orgId: ACME, userId: pat.id })));

    signInAs(pat);
    expect((await getViewer())?.active).toMatchObject({ orgId: GLOBEX, role: 'member' });
    await expectEditRefused('forbidden');
  });

  it("a demoted admin's next edit is refused (403) and nothing is written", async () => {
    const admin = await person([[ACME, 'admin']], ACME);
    signInAs(owner);
    await redirectOf(changeTeamMemberRole(null, formOf({ orgId: ACME, userId: admin.id, role: 'member' })));
    expect(await rawRole(ACME, admin.id)).toBe('member');

    signInAs(admin);
    await expectEditRefused('forbidden');
    expect(
      await addTeamMember(null, formOf({ orgId: ACME, email: 'member@globex.test', role: 'member', mode: 'add' })),
    ).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('after a committed change: invalidate through the graph, then redirect', () => {
  it('a role change expires the roster and the member’s own memberships, after the commit', async () => {
    const member = await person([[ACME, 'member']], ACME);
    signInAs(owner);
    const since = await lastInvalidationId();
    expect(await redirectOf(changeTeamMemberRole(null, formOf({ orgId: ACME, userId: member.id, role: 'admin' })))).toBe(
      '/settings/team',
    );
    expect(kinds()).toEqual(['commit', 'updateTag', 'updateTag', 'redirect']);
    expect(callsOf('updateTag')).toEqual([[orgTags.members(ACME)], [userTags.memberships(member.id)]]);
    expect((await invalidationRows(since)).map((row) => [row.tag, row.primitive])).toEqual([
      [orgTags.members(ACME), 'updateTag'],
      [userTags.memberships(member.id), 'updateTag'],
    ]);
  });

  it('an invitee with no organization accepts: member, active org set, roster and memberships expired, on to /invoices', async () => {
    const invitee = await person([], null);
    await memberInvite.commit(
      { userId: 'usr_owner_acme', orgId: ACME },
      { orgId: ACME, email: invitee.email, role: 'member', mode: 'invite' },
    );
    const offer = (await rawInvitations(ACME)).find((i) => i.email === invitee.email)!;
    signInAs(invitee);
    h.log.length = 0;
    expect(await redirectOf(acceptTeamInvitation(null, formOf({ invitationId: offer.id })))).toBe('/invoices');
    expect(await rawRole(ACME, invitee.id)).toBe('member');
    expect(kinds()).toEqual(['commit', 'setActiveOrganization', 'updateTag', 'updateTag', 'redirect']);
    expect(callsOf('updateTag')).toEqual([[orgTags.members(ACME)], [userTags.memberships(invitee.id)]]);
  });

  it('leaving goes to /organizations; removing yourself from the team page too', async () => {
    const leaver = await person([[ACME, 'member']], ACME);
    signInAs(leaver);
    expect(await redirectOf(leaveTeam(null, formOf({ orgId: ACME })))).toBe('/organizations');
    expect(await rawRole(ACME, leaver.id)).toBeNull();

    const admin = await person([[ACME, 'admin']], ACME);
    signInAs(admin);
    expect(await redirectOf(removeTeamMember(null, formOf({ orgId: ACME, userId: admin.id })))).toBe('/organizations');
    expect(await rawRole(ACME, admin.id)).toBeNull();
  });
});

describe('refused input: field errors, typed values back, nothing written, nothing invalidated', () => {
  const cases: [string, () => Promise<unknown>, string, string, unknown][] = [
    [
      'a bad email',
      () => addTeamMember(null, formOf({ orgId: ACME, email: 'not-an-email', role: 'member', mode: 'add' })),
      'email',
      'email',
      'not-an-email',
    ],
    [
      'an unknown role',
      () => addTeamMember(null, formOf({ orgId: ACME, email: 'x@team.test', role: 'superuser', mode: 'invite' })),
      'role',
      'role',
      'superuser',
    ],
    [
      'no mode',
      () => addTeamMember(null, formOf({ orgId: ACME, email: 'x@team.test', role: 'member' })),
      'mode',
      'email',
      'x@team.test',
    ],
    [
      'a role change to an unknown role',
      () => changeTeamMemberRole(null, formOf({ orgId: ACME, userId: 'usr_member_acme', role: 'root' })),
      'role',
      'role',
      'root',
    ],
    [
      'an account that does not exist',
      () => addTeamMember(null, formOf({ orgId: ACME, email: 'ghost@team.test', role: 'member', mode: 'add' })),
      'email',
      'email',
      'ghost@team.test',
    ],
  ];

  it.each(cases)('%s', async (_label, run, field, echoed, typed) => {
    signInAs(owner);
    const before = await teamSnapshot(ACME);
    const since = await lastInvalidationId();
    const result = (await run()) as {
      ok: boolean;
      code: string;
      fieldErrors?: Record<string, string[]>;
      values?: Record<string, unknown>;
    };
    expect(result).toMatchObject({ ok: false, code: 'bad_request' });
    expect(Object.keys(result.fieldErrors ?? {})).toEqual([field]);
    expect(result.values?.[echoed]).toBe(typed);
    expect(await teamSnapshot(ACME)).toEqual(before);
    expect(kinds().filter((kind) => kind !== 'commit')).toEqual([]);
    expect(await invalidationRows(since)).toEqual([]);
  });

  it('a team form rendered for Acme and posted after switching to Globex is refused, in both orgs', async () => {
    const both = await person(
      [
        [ACME, 'admin'],
        [GLOBEX, 'admin'],
      ],
      GLOBEX,
    );
    signInAs(both);
    const acme = await teamSnapshot(ACME);
    const globex = await teamSnapshot(GLOBEX);
    expect(
      await addTeamMember(null, formOf({ orgId: ACME, email: 'member@globex.test', role: 'member', mode: 'add' })),
    ).toMatchObject({ ok: false, code: 'not_found' });
    expect(await teamSnapshot(ACME)).toEqual(acme);
    expect(await teamSnapshot(GLOBEX)).toEqual(globex);
  });
});

it('no session: unauthorized, for team and self-service actions alike', async () => {
  expect(await addTeamMember(null, formOf({ orgId: ACME, email: 'x@team.test', role: 'member', mode: 'add' }))).toMatchObject({
    code: 'unauthorized',
  });
  expect(await leaveTeam(null, formOf({ orgId: ACME }))).toMatchObject({ code: 'unauthorized' });
  expect(await acceptTeamInvitation(null, formOf({ invitationId: 'x' }))).toMatchObject({ code: 'unauthorized' });
});

describe('invitations and ownership through the actions: commit, then every tag, then the redirect', () => {
  it('cancel and resend expire the roster and the invitee’s memberships; a refused one invalidates nothing', async () => {
    const invitee = await person([], null);
    signInAs(owner);
    await redirectOf(addTeamMember(null, formOf({ orgId: ACME, email: invitee.email, role: 'member', mode: 'invite' })));
    const offer = (await rawInvitations(ACME)).find((i) => i.email === invitee.email)!;
    for (const action of [resendTeamInvitation, cancelTeamInvitation]) {
      h.log.length = 0;
      expect(await redirectOf(action(null, formOf({ orgId: ACME, invitationId: offer.id })))).toBe('/settings/team');
      expect(kinds()).toEqual(['commit', 'updateTag', 'updateTag', 'redirect']);
      expect(callsOf('updateTag')).toEqual([[orgTags.members(ACME)], [userTags.memberships(invitee.id)]]);
    }
    h.log.length = 0;
    expect(await cancelTeamInvitation(null, formOf({ orgId: ACME, invitationId: offer.id }))).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    // A refusal rolls its transaction back: nothing committed, nothing invalidated.
    expect(kinds()).toEqual([]);
  });

  it('a member cannot cancel (403), and an invitation to an email with no account expires only the roster', async () => {
    signInAs(owner);
    await redirectOf(
      addTeamMember(null, formOf({ orgId: ACME, email: 'no-account@team-actions.test', role: 'member', mode: 'invite' })),
    );
    const offer = (await rawInvitations(ACME)).find((i) => i.email === 'no-account@team-actions.test')!;
    signInAs(await person([[ACME, 'member']], ACME));
    expect(await cancelTeamInvitation(null, formOf({ orgId: ACME, invitationId: offer.id }))).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    signInAs(owner);
    h.log.length = 0;
    await redirectOf(cancelTeamInvitation(null, formOf({ orgId: ACME, invitationId: offer.id })));
    expect(callsOf('updateTag')).toEqual([[orgTags.members(ACME)]]);
  });

  it('a transfer with a step-down expires the roster and the memberships of the two whose role changed, no one else, after one commit', async () => {
    const first = await person([[GLOBEX, 'owner']], GLOBEX);
    const heir = await person([[GLOBEX, 'member']], GLOBEX);
    const others = (await rawMembers(GLOBEX)).filter((m) => m.userId !== first.id && m.userId !== heir.id);
    expect(others.length).toBeGreaterThan(0);
    signInAs(first);
    h.log.length = 0;
    expect(await redirectOf(transferTeamOwnership(null, formOf({ orgId: GLOBEX, userId: heir.id, stepDown: 'on' })))).toBe(
      '/settings/team',
    );
    expect(kinds()).toEqual(['commit', 'updateTag', 'updateTag', 'updateTag', 'redirect']);
    const tags = callsOf('updateTag').map((args) => String(args[0]));
    expect(tags[0]).toBe(orgTags.members(GLOBEX));
    expect(tags.slice(1).sort()).toEqual([userTags.memberships(first.id), userTags.memberships(heir.id)].sort());
    expect([await rawRole(GLOBEX, heir.id), await rawRole(GLOBEX, first.id)]).toEqual(['owner', 'admin']);

    // Without the box checked, the transferring owner stays owner; an admin cannot transfer at all.
    h.log.length = 0;
    expect(await transferTeamOwnership(null, formOf({ orgId: GLOBEX, userId: heir.id }))).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    // A refusal rolls its transaction back: nothing committed, nothing invalidated.
    expect(kinds()).toEqual([]);
    signInAs(heir);
    await redirectOf(transferTeamOwnership(null, formOf({ orgId: GLOBEX, userId: first.id })));
    expect([await rawRole(GLOBEX, heir.id), await rawRole(GLOBEX, first.id)]).toEqual(['owner', 'owner']);
    // Leave Globex with its seeded owner only.
    for (const who of [first, heir]) {
      signInAs(who);
      await redirectOf(leaveTeam(null, formOf({ orgId: GLOBEX })));
    }
  });
});
