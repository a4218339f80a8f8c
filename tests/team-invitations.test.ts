import { afterEach, describe, expect, it, vi } from 'vitest';
import { handleAuthRequest } from '@/server/auth/http-surface';
import { tagsFor } from '@/server/cache/graph';
import { orgTags, userTags } from '@/server/cache/tags';
import { invitationLinkResponse } from '@/server/team/invitation-link';
import { invitationAccept, invitationCancel, invitationResend, memberInvite } from '@/server/team/invitations';
import { readInvitationByToken } from '@/server/team/reads';
import { ACME, GLOBEX } from './support/fixtures';
import { auditOf, createAccount, rawInvitations, rawRole, teamSnapshot } from './support/team-fixtures';

/**
 * Invitations against the real database: sent to emails with or without an account, expiring after
 * the configured TTL (a fake clock moves time), cancelled and resent by admins, accepted once, and
 * never touched across tenants. Each refusal leaves the team (members, invitations, audit) as it was.
 */
/** Each write's transaction with its audit row, without the Server Action around it. */
const [inviteMember, cancelInvitation, resendInvitation] = [
  memberInvite.commit,
  invitationCancel.commit,
  invitationResend.commit,
];
const acceptInvitation = (userId: string, invitationId: string) => invitationAccept.commit({ userId }, { invitationId });

const acmeOwner = { userId: 'usr_owner_acme', orgId: ACME };
const acmeAdmin = { userId: 'usr_admin_acme', orgId: ACME };
const acmeMember = { userId: 'usr_member_acme', orgId: ACME };
const globexAdmin = { userId: 'usr_admin_globex', orgId: GLOBEX };
const DAY = 24 * 60 * 60 * 1000;

let counter = 0;
const freshEmail = () => `i${(counter += 1)}@invitations.test`;

async function invite(email: string, role: 'member' | 'admin' | 'owner' = 'member', actor = acmeAdmin) {
  const result = await inviteMember(actor, { orgId: actor.orgId, email, role, mode: 'invite' });
  if (!result.ok || !result.data.invitationId) throw new Error(result.ok ? 'no invitation id' : result.message);
  return result.data.invitationId;
}

const linkStatus = async (token: string) => (await invitationLinkResponse(token)).status;

afterEach(() => {
  vi.useRealTimers();
});

describe('sending', () => {
  it('invites an email with no account yet: a pending invitation open for the TTL (7 days by default), audited', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-02T10:00:00Z'));
    const email = freshEmail();
    const result = await inviteMember(acmeAdmin, { orgId: ACME, email, role: 'admin', mode: 'invite' });
    expect(result).toEqual({ ok: true, data: { orgId: ACME, userId: undefined, invitationId: expect.any(String) } });
    const id = (result.ok && result.data.invitationId) || '';
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const [row] = (await rawInvitations(ACME)).filter((i) => i.email === email);
    expect(row).toMatchObject({
      id,
      status: 'pending',
      role: 'admin',
      inviterId: acmeAdmin.userId,
      expiresAt: new Date('2026-12-09T10:00:00Z'),
    });
    expect((await auditOf(ACME)).at(-1)).toMatchObject({
      action: 'member.invite',
      actorId: acmeAdmin.userId,
      subjectId: id,
      details: { email, role: 'admin' },
    });
    expect(await linkStatus(id)).toBe(303);
  });

  it('a member cannot invite (403) and nothing is written', async () => {
    const before = await teamSnapshot(ACME);
    expect(await inviteMember(acmeMember, { orgId: ACME, email: freshEmail(), role: 'member', mode: 'invite' })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await teamSnapshot(ACME)).toEqual(before);
  });

  it('an expired invitation to the same email gives way to a new one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-02T10:00:00Z'));
    const email = freshEmail();
    const first = await invite(email);
    vi.setSystemTime(new Date('2026-12-10T10:00:00Z'));
    const second = await invite(email);
    const rows = (await rawInvitations(ACME)).filter((i) => i.email === email);
    expect(rows.map((i) => [i.id, i.status])).toEqual([
      [first, 'canceled'],
      [second, 'pending'],
    ]);
  });
});

describe('expiry, on a fake clock', () => {
  it('closes the link after the TTL: acceptance refused with nothing written, 410; a resend opens it again for a full TTL', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const sent = new Date('2026-12-02T10:00:00Z');
    vi.setSystemTime(sent);
    const person = await createAccount(`usr_exp${(counter += 1)}`, freshEmail());
    const id = await invite(person.email);

    vi.setSystemTime(new Date(sent.getTime() + 7 * DAY - 1000));
    expect((await readInvitationByToken(id))?.state).toBe('open');
    vi.setSystemTime(new Date(sent.getTime() + 7 * DAY + 1000));
    expect((await readInvitationByToken(id))?.state).toBe('expired');
    expect(await linkStatus(id)).toBe(410);
    const before = await teamSnapshot(ACME);
    expect(await acceptInvitation(person.id, id)).toMatchObject({ ok: false, code: 'not_found' });
    expect(await teamSnapshot(ACME)).toEqual(before);

    const resentAt = new Date(sent.getTime() + 9 * DAY);
    vi.setSystemTime(resentAt);
    expect(await resendInvitation(acmeAdmin, { orgId: ACME, invitationId: id })).toEqual({
      ok: true,
      data: { orgId: ACME, userId: person.id, invitationId: id },
    });
    expect((await rawInvitations(ACME)).find((i) => i.id === id)?.expiresAt).toEqual(new Date(resentAt.getTime() + 7 * DAY));
    expect((await auditOf(ACME)).at(-1)).toMatchObject({
      action: 'invitation.resend',
      subjectId: id,
      details: { email: person.email, expiresAt: new Date(resentAt.getTime() + 7 * DAY).toISOString() },
    });
    expect(await linkStatus(id)).toBe(303);
    expect(await acceptInvitation(person.id, id)).toMatchObject({ ok: true });
    expect(await rawRole(ACME, person.id)).toBe('member');
  });
});

describe('cancelling and resending', () => {
  it('an admin cancels: the link answers 410, acceptance is refused, a second cancel or a resend is not found', async () => {
    const person = await createAccount(`usr_can${(counter += 1)}`, freshEmail());
    const id = await invite(person.email);
    expect(await cancelInvitation(acmeAdmin, { orgId: ACME, invitationId: id })).toEqual({
      ok: true,
      data: { orgId: ACME, userId: person.id, invitationId: id },
    });
    expect((await rawInvitations(ACME)).find((i) => i.id === id)?.status).toBe('canceled');
    expect((await auditOf(ACME)).at(-1)).toMatchObject({
      action: 'invitation.cancel',
      actorId: acmeAdmin.userId,
      subjectId: id,
      details: { email: person.email },
    });
    expect(await linkStatus(id)).toBe(410);

    const before = await teamSnapshot(ACME);
    expect(await acceptInvitation(person.id, id)).toMatchObject({ ok: false, code: 'not_found' });
    expect(await cancelInvitation(acmeAdmin, { orgId: ACME, invitationId: id })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await resendInvitation(acmeAdmin, { orgId: ACME, invitationId: id })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await teamSnapshot(ACME)).toEqual(before);
  });

  it('an invitation to an email with no account returns no user to invalidate', async () => {
    const id = await invite(freshEmail());
    expect(await cancelInvitation(acmeAdmin, { orgId: ACME, invitationId: id })).toEqual({
      ok: true,
      data: { orgId: ACME, userId: undefined, invitationId: id },
    });
  });

  it('role rules: a member cannot cancel or resend (403); an admin cannot touch an invitation to become owner; an owner can', async () => {
    const memberCase = await invite(freshEmail());
    const ownerCase = await invite(freshEmail(), 'owner', acmeOwner);
    const before = await teamSnapshot(ACME);
    for (const change of [cancelInvitation, resendInvitation]) {
      expect(await change(acmeMember, { orgId: ACME, invitationId: memberCase })).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await change(acmeAdmin, { orgId: ACME, invitationId: ownerCase })).toMatchObject({ ok: false, code: 'forbidden' });
    }
    expect(await teamSnapshot(ACME)).toEqual(before);
    expect(await cancelInvitation(acmeOwner, { orgId: ACME, invitationId: ownerCase })).toMatchObject({ ok: true });
  });

  it("another org's admin cannot cancel or resend an Acme invitation, whichever org the form names", async () => {
    const id = await invite(freshEmail());
    const acme = await teamSnapshot(ACME);
    const globex = await teamSnapshot(GLOBEX);
    for (const change of [cancelInvitation, resendInvitation]) {
      expect(await change(globexAdmin, { orgId: GLOBEX, invitationId: id })).toMatchObject({ ok: false, code: 'not_found' });
      expect(await change(globexAdmin, { orgId: ACME, invitationId: id })).toMatchObject({ ok: false, code: 'not_found' });
    }
    expect(await teamSnapshot(ACME)).toEqual(acme);
    expect(await teamSnapshot(GLOBEX)).toEqual(globex);
  });
});

describe('the link', () => {
  it('is accepted once: a replayed link answers 410 and a second acceptance writes nothing', async () => {
    const person = await createAccount(`usr_rep${(counter += 1)}`, freshEmail());
    const id = await invite(person.email, 'admin');
    expect(await acceptInvitation(person.id, id)).toMatchObject({ ok: true });
    expect((await readInvitationByToken(id))?.state).toBe('accepted');
    expect(await linkStatus(id)).toBe(410);
    const before = await teamSnapshot(ACME);
    expect(await acceptInvitation(person.id, id)).toMatchObject({ ok: false, code: 'not_found' });
    expect(await teamSnapshot(ACME)).toEqual(before);
  });

  it('answers 404 for a token that is no invitation, well-formed or not, and its page tells nothing of other invitations', async () => {
    expect(await linkStatus('00000000-0000-4000-8000-000000000000')).toBe(404);
    expect(await linkStatus('not-a-token')).toBe(404);
    expect(await linkStatus("<script>'")).toBe(404);
    const body = await (await invitationLinkResponse('00000000-0000-4000-8000-000000000000')).text();
    expect(body).toContain('not valid');
    expect(body).not.toMatch(/@/);
  });

  it('an open link goes on to its page with 303; the invitation read by token carries no other invitation', async () => {
    const id = await invite(freshEmail());
    const response = await invitationLinkResponse(id);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/invite/${id}/accept`);
    expect(await readInvitationByToken(id)).toMatchObject({ id, orgId: ACME, orgName: 'Acme', state: 'open' });
  });
});

describe('the graph', () => {
  it("an invitation event expires the roster, and the invitee's memberships only when they have an account", () => {
    for (const event of ['member.invite', 'invitation.cancel', 'invitation.resend'] as const) {
      expect(
        tagsFor(event, { orgId: ACME, userId: 'usr_x' }).map((t) => t.tag),
        event,
      ).toEqual([orgTags.members(ACME), userTags.memberships('usr_x')]);
      expect(
        tagsFor(event, { orgId: ACME }).map((t) => t.tag),
        event,
      ).toEqual([orgTags.members(ACME)]);
    }
  });
});

describe("Better Auth's HTTP sign-up", () => {
  it('is closed (404): accounts come only through an invitation, whose action uses the server API', async () => {
    const response = await handleAuthRequest(
      new Request('http://localhost:3000/api/auth/sign-up/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'walk-in@invitations.test', name: 'Walk In', password: 'long-enough-password' }),
      }),
    );
    expect(response.status).toBe(404);
  });
});
