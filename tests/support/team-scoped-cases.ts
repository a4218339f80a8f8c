import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { db } from '@/server/db/client';
import { member, user } from '@/server/db/schema';
import { memberInvite } from '@/server/team/invitations';
import { scopedTeam } from '@/server/team/scoped';
import { ACME, acmeAdmin, GLOBEX } from './fixtures';
import { activeOrgOf, createAccount, createSession, rawInvitations, rawMembers } from './team-fixtures';

/**
 * scopedTeam(GLOBEX) asked about Acme's members and invitations (the per-method tenancy test,
 * tests/tenancy-scoped.test.ts, runs these): it finds nothing and changes nothing.
 */
const ACME_MEMBER = 'usr_member_acme';
let counter = 0;

const globexTeam = async () => scopedTeam(GLOBEX, await db());
const acmeMembers = () => rawMembers(ACME);
const acmeInvitation = async (id: string) => (await rawInvitations(ACME)).find((i) => i.id === id);

/** An open Acme invitation, made fresh for each case. */
async function openAcmeInvitation(): Promise<{ id: string; email: string }> {
  const email = `scoped${(counter += 1)}-${Date.now()}@tenancy.test`;
  const sent = await memberInvite.commit(acmeAdmin, { orgId: ACME, email, role: 'member', mode: 'invite' });
  if (!sent.ok || !sent.data.invitationId) throw new Error('the fixture invitation was not sent');
  return { id: sent.data.invitationId, email };
}

/** Leaves the Acme invitation exactly as it was: still pending, same expiry. */
async function expectUntouched(id: string, change: (id: string) => Promise<unknown>, answer: unknown) {
  const before = await acmeInvitation(id);
  expect(await change(id)).toEqual(answer);
  expect(await acmeInvitation(id)).toEqual(before);
  expect(before?.status).toBe('pending');
}

export const teamScopedCases: Record<string, () => Promise<void>> = {
  lock: async () => {
    const locked = await (await db()).transaction((tx) => scopedTeam(GLOBEX, tx).lock());
    const globex = (await rawMembers(GLOBEX)).map((m) => m.userId).sort();
    expect(locked?.members.map((m) => m.userId).sort()).toEqual(globex);
    expect(locked?.find(ACME_MEMBER)).toBeNull();
  },
  roster: async () => {
    const { id } = await openAcmeInvitation();
    const roster = await (await globexTeam()).roster();
    const globex = new Set((await rawMembers(GLOBEX)).map((m) => m.userId));
    expect(roster.members.length).toBeGreaterThan(0);
    for (const m of roster.members) expect(globex.has(m.userId), `roster lists ${m.userId}`).toBe(true);
    for (const i of roster.invitations) expect(i.orgId).toBe(GLOBEX);
    expect(roster.invitations.map((i) => i.id)).not.toContain(id);
  },
  addMember: async () => {
    const person = await createAccount(`usr_scoped${(counter += 1)}`, `scoped-add${counter}@tenancy.test`);
    const acme = await acmeMembers();
    await (await globexTeam()).addMember(person.id, 'member');
    const rows = await (await db()).select({ org: member.organizationId }).from(member).where(eq(member.userId, person.id));
    expect(rows).toEqual([{ org: GLOBEX }]);
    expect(await acmeMembers()).toEqual(acme);
    await (await db()).delete(user).where(eq(user.id, person.id));
  },
  setRole: async () => {
    const acme = await acmeMembers();
    expect(await (await globexTeam()).setRole(ACME_MEMBER, 'owner')).toBe(false);
    expect(await acmeMembers()).toEqual(acme);
  },
  removeMember: async () => {
    const acme = await acmeMembers();
    const working = await createSession(ACME_MEMBER, ACME);
    expect(await (await globexTeam()).removeMember(ACME_MEMBER)).toBe(false);
    expect(await acmeMembers()).toEqual(acme);
    expect(await activeOrgOf(working)).toBe(ACME);
  },
  pendingInvitation: async () => {
    const { id } = await openAcmeInvitation();
    expect(await (await globexTeam()).pendingInvitation(id)).toBeNull();
    expect(await scopedTeam(ACME, await db()).pendingInvitation(id)).toMatchObject({ role: 'member' });
  },
  openInvitationTo: async () => {
    const { email } = await openAcmeInvitation();
    expect(await (await globexTeam()).openInvitationTo(email)).toBeNull();
  },
  cancelPendingTo: async () => {
    const { id, email } = await openAcmeInvitation();
    const team = await globexTeam();
    await expectUntouched(id, () => team.cancelPendingTo(email, { expiredOnly: false }), undefined);
  },
  invite: async () => {
    const id = await (
      await globexTeam()
    ).invite({
      email: 'scoped-invite@tenancy.test',
      role: 'member',
      inviterId: 'usr_admin_globex',
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect(await acmeInvitation(id)).toBeUndefined();
    expect((await rawInvitations(GLOBEX)).find((i) => i.id === id)).toMatchObject({ status: 'pending' });
  },
  cancelInvitation: async () => {
    const { id } = await openAcmeInvitation();
    const team = await globexTeam();
    await expectUntouched(id, (invitationId) => team.cancelInvitation(invitationId), false);
  },
  extendInvitation: async () => {
    const { id } = await openAcmeInvitation();
    const team = await globexTeam();
    await expectUntouched(id, (invitationId) => team.extendInvitation(invitationId, new Date(Date.now() + 1e9)), false);
  },
  acceptInvitation: async () => {
    const { id } = await openAcmeInvitation();
    const team = await globexTeam();
    await expectUntouched(id, (invitationId) => team.acceptInvitation(invitationId), false);
  },
};
