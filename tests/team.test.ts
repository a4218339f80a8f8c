import { describe, expect, it } from 'vitest';
import { invitationAccept, memberInvite } from '@/server/team/invitations';
import { memberAdd, memberChangeRole, memberLeave, memberRemove } from '@/server/team/membership';
import { ACME, GLOBEX } from './support/fixtures';
import {
  activeOrgOf,
  addRawMember,
  auditOf,
  createAccount,
  createSession,
  rawInvitations,
  rawMembers,
  rawRole,
  teamSnapshot,
} from './support/team-fixtures';

/**
 * The team service against the real database: Tally's role rules, the last-owner rule, audit rows in
 * the same transaction, and refusal across tenants. Each test builds the team it needs in its own org
 * or with its own accounts, so the order of tests does not matter.
 */
/** Each write's transaction with its audit row, without the Server Action around it. */
const [addMember, inviteMember, changeMemberRole, removeMember] = [
  memberAdd.commit,
  memberInvite.commit,
  memberChangeRole.commit,
  memberRemove.commit,
];
const acceptInvitation = (userId: string, invitationId: string) => invitationAccept.commit({ userId }, { invitationId });
const leaveOrganization = (userId: string, orgId: string) => memberLeave.commit({ userId }, { orgId });

const acmeOwner = { userId: 'usr_owner_acme', orgId: ACME };
const acmeAdmin = { userId: 'usr_admin_acme', orgId: ACME };
const globexOwner = { userId: 'usr_owner_globex', orgId: GLOBEX };
const globexAdmin = { userId: 'usr_admin_globex', orgId: GLOBEX };

let counter = 0;
const freshAccount = () => {
  counter += 1;
  return createAccount(`usr_t${counter}`, `t${counter}@team.test`);
};

describe('adding and inviting', () => {
  it('an admin adds an existing account: the member row and its audit row commit together', async () => {
    const person = await freshAccount();
    const result = await addMember(acmeAdmin, { orgId: ACME, email: person.email, role: 'member', mode: 'add' });
    expect(result).toEqual({ ok: true, data: { orgId: ACME, userId: person.id } });
    expect(await rawRole(ACME, person.id)).toBe('member');
    expect((await auditOf(ACME)).at(-1)).toMatchObject({
      action: 'member.add',
      actorId: acmeAdmin.userId,
      subjectId: person.id,
      details: { role: 'member' },
    });
  });

  it('refuses, with a field error and nothing written: an admin making an owner, adding an unknown email, an existing member', async () => {
    const person = await freshAccount();
    const before = await teamSnapshot(ACME);
    const cases = [
      [{ email: person.email, role: 'owner' }, 'role', ['add', 'invite']],
      // An unknown email can be invited (its link creates the account), not added.
      [{ email: 'nobody@team.test', role: 'member' }, 'email', ['add']],
      [{ email: 'member@acme.test', role: 'member' }, 'email', ['add', 'invite']],
    ] as const;
    for (const [fields, field, modes] of cases) {
      for (const mode of modes) {
        const result = await (mode === 'add' ? addMember : inviteMember)(acmeAdmin, { orgId: ACME, mode, ...fields });
        expect(result, `${mode} ${fields.email}`).toMatchObject({
          ok: false,
          code: 'bad_request',
          fieldErrors: { [field]: [expect.any(String)] },
        });
      }
    }
    expect(await teamSnapshot(ACME)).toEqual(before);
  });

  it('an owner may add an owner', async () => {
    const person = await freshAccount();
    expect((await addMember(acmeOwner, { orgId: ACME, email: person.email, role: 'owner', mode: 'add' })).ok).toBe(true);
    expect(await rawRole(ACME, person.id)).toBe('owner');
  });

  it('an invitation makes a member only when its addressee accepts it, once', async () => {
    const person = await freshAccount();
    const invited = await inviteMember(acmeAdmin, { orgId: ACME, email: person.email, role: 'admin', mode: 'invite' });
    expect(invited).toEqual({ ok: true, data: { orgId: ACME, userId: person.id, invitationId: expect.any(String) } });
    expect(await rawRole(ACME, person.id)).toBeNull();
    const offer = (await rawInvitations(ACME)).find((i) => i.email === person.email);
    expect(offer).toMatchObject({ status: 'pending', role: 'admin', inviterId: acmeAdmin.userId });
    expect((await auditOf(ACME)).at(-1)).toMatchObject({
      action: 'member.invite',
      subjectId: offer?.id,
      details: { email: person.email, role: 'admin' },
    });
    expect(await inviteMember(acmeAdmin, { orgId: ACME, email: person.email, role: 'member', mode: 'invite' })).toMatchObject({
      fieldErrors: { email: [expect.stringMatching(/already open/)] },
    });

    // Someone else cannot accept it.
    const before = await teamSnapshot(ACME);
    expect(await acceptInvitation('usr_member_globex', offer!.id)).toMatchObject({ ok: false, code: 'not_found' });
    expect(await teamSnapshot(ACME)).toEqual(before);

    expect(await acceptInvitation(person.id, offer!.id)).toEqual({ ok: true, data: { orgId: ACME, userId: person.id } });
    expect(await rawRole(ACME, person.id)).toBe('admin');
    expect((await rawInvitations(ACME)).find((i) => i.id === offer!.id)?.status).toBe('accepted');
    expect((await auditOf(ACME)).at(-1)).toMatchObject({ action: 'invitation.accept', actorId: person.id, subjectId: person.id });

    const accepted = await teamSnapshot(ACME);
    expect(await acceptInvitation(person.id, offer!.id)).toMatchObject({ ok: false, code: 'not_found' });
    expect(await teamSnapshot(ACME)).toEqual(accepted);
  });

  it('adding someone directly cancels the invitation still open for them', async () => {
    const person = await freshAccount();
    await inviteMember(acmeAdmin, { orgId: ACME, email: person.email, role: 'member', mode: 'invite' });
    await addMember(acmeAdmin, { orgId: ACME, email: person.email, role: 'member', mode: 'add' });
    expect((await rawInvitations(ACME)).filter((i) => i.email === person.email).map((i) => i.status)).toEqual(['canceled']);
  });
});

describe('roles and removal', () => {
  it('an admin can neither change nor remove an owner (403), and nothing is written', async () => {
    const before = await teamSnapshot(ACME);
    expect(await changeMemberRole(acmeAdmin, { orgId: ACME, userId: acmeOwner.userId, role: 'admin' })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await removeMember(acmeAdmin, { orgId: ACME, userId: acmeOwner.userId })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await teamSnapshot(ACME)).toEqual(before);
  });

  it('an admin changes a member to admin and back, each with an audit row of from/to', async () => {
    const person = await freshAccount();
    await addRawMember(ACME, person.id, 'member');
    expect(await changeMemberRole(acmeAdmin, { orgId: ACME, userId: person.id, role: 'admin' })).toEqual({
      ok: true,
      data: { orgId: ACME, userId: person.id },
    });
    expect(await changeMemberRole(acmeAdmin, { orgId: ACME, userId: person.id, role: 'member' })).toMatchObject({ ok: true });
    const rows = (await auditOf(ACME)).filter((row) => row.subjectId === person.id);
    expect(rows.map((row) => [row.action, row.details])).toEqual([
      ['member.changeRole', { from: 'member', to: 'admin' }],
      ['member.changeRole', { from: 'admin', to: 'member' }],
    ]);
    expect(await changeMemberRole(acmeAdmin, { orgId: ACME, userId: person.id, role: 'owner' })).toMatchObject({
      fieldErrors: { role: [expect.any(String)] },
    });
    expect(await changeMemberRole(acmeAdmin, { orgId: ACME, userId: person.id, role: 'member' })).toMatchObject({
      fieldErrors: { role: ['Already member.'] },
    });
  });

  it('the last owner can be neither demoted, removed, nor leave; with a second owner they can', async () => {
    // Globex has exactly one owner in the seed.
    const before = await teamSnapshot(GLOBEX);
    expect(await changeMemberRole(globexOwner, { orgId: GLOBEX, userId: globexOwner.userId, role: 'admin' })).toMatchObject({
      ok: false,
      code: 'bad_request',
      fieldErrors: { role: [expect.stringMatching(/last owner/)] },
    });
    expect(await removeMember(globexOwner, { orgId: GLOBEX, userId: globexOwner.userId })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/last owner/),
    });
    expect(await leaveOrganization(globexOwner.userId, GLOBEX)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/last owner/),
    });
    expect(await teamSnapshot(GLOBEX)).toEqual(before);

    const second = await freshAccount();
    await addRawMember(GLOBEX, second.id, 'owner');
    expect(
      await changeMemberRole({ userId: second.id, orgId: GLOBEX }, { orgId: GLOBEX, userId: globexOwner.userId, role: 'admin' }),
    ).toMatchObject({ ok: true });
    // Now `second` is the last owner.
    expect(await leaveOrganization(second.id, GLOBEX)).toMatchObject({ ok: false, message: expect.stringMatching(/last owner/) });
    expect(
      await changeMemberRole({ userId: second.id, orgId: GLOBEX }, { orgId: GLOBEX, userId: globexOwner.userId, role: 'owner' }),
    ).toMatchObject({ ok: true });
    expect(await leaveOrganization(second.id, GLOBEX)).toMatchObject({ ok: true });
    expect((await auditOf(GLOBEX)).at(-1)).toMatchObject({ action: 'member.leave', actorId: second.id, subjectId: second.id });
  });

  it('two owners demoting each other at once: the team lock lets one through and an owner remains', async () => {
    const a = await freshAccount();
    const b = await freshAccount();
    const org = GLOBEX;
    await addRawMember(org, a.id, 'owner');
    await addRawMember(org, b.id, 'owner');
    await changeMemberRole({ userId: a.id, orgId: org }, { orgId: org, userId: globexOwner.userId, role: 'admin' });
    const results = await Promise.all([
      changeMemberRole({ userId: a.id, orgId: org }, { orgId: org, userId: b.id, role: 'admin' }),
      changeMemberRole({ userId: b.id, orgId: org }, { orgId: org, userId: a.id, role: 'admin' }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await rawMembers(org)).filter((m) => m.role === 'owner')).toHaveLength(1);
    // Restore the seed's single owner for the other tests.
    const owner = (await rawMembers(org)).find((m) => m.role === 'owner')!;
    await changeMemberRole({ userId: owner.userId, orgId: org }, { orgId: org, userId: globexOwner.userId, role: 'owner' });
    await removeMember(globexOwner, { orgId: org, userId: a.id });
    await removeMember(globexOwner, { orgId: org, userId: b.id });
  });

  it('judges the actor by the role in the database under the lock, not by what the session saw', async () => {
    const person = await freshAccount();
    await addRawMember(ACME, person.id, 'member');
    const before = await teamSnapshot(ACME);
    // The caller believes it is an admin (a stale page); the database says member.
    expect(await removeMember({ userId: person.id, orgId: ACME }, { orgId: ACME, userId: 'usr_member_acme' })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    // A removed actor is not a member at all.
    expect(await removeMember({ userId: 'usr_nobody', orgId: ACME }, { orgId: ACME, userId: 'usr_member_acme' })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(await teamSnapshot(ACME)).toEqual(before);
  });

  it("removal writes its audit row and moves the removed person's sessions off the org, and only those", async () => {
    const person = await freshAccount();
    await addRawMember(ACME, person.id, 'member');
    await addRawMember(GLOBEX, person.id, 'member');
    const inAcme = await createSession(person.id, ACME);
    const inGlobex = await createSession(person.id, GLOBEX);
    const bystander = await createSession('usr_member_acme', ACME);

    expect(await removeMember(acmeAdmin, { orgId: ACME, userId: person.id })).toEqual({
      ok: true,
      data: { orgId: ACME, userId: person.id },
    });

    expect(await rawRole(ACME, person.id)).toBeNull();
    expect(await rawRole(GLOBEX, person.id)).toBe('member');
    expect((await auditOf(ACME)).at(-1)).toMatchObject({
      action: 'member.remove',
      actorId: acmeAdmin.userId,
      subjectId: person.id,
      details: { role: 'member' },
    });
    expect([await activeOrgOf(inAcme), await activeOrgOf(inGlobex), await activeOrgOf(bystander)]).toEqual([null, GLOBEX, ACME]);
  });
});

describe('tenancy', () => {
  it("a Globex admin cannot touch Acme's team: Acme user ids are not found in Globex, and an Acme form is refused", async () => {
    const acmeBefore = await teamSnapshot(ACME);
    const globexBefore = await teamSnapshot(GLOBEX);
    const attempts = [
      await changeMemberRole(globexAdmin, { orgId: GLOBEX, userId: 'usr_member_acme', role: 'admin' }),
      await removeMember(globexAdmin, { orgId: GLOBEX, userId: 'usr_member_acme' }),
      // The form names Acme, but the actor works in Globex: refused before anything is read.
      await changeMemberRole(globexAdmin, { orgId: ACME, userId: 'usr_member_acme', role: 'admin' }),
      await removeMember(globexAdmin, { orgId: ACME, userId: 'usr_member_acme' }),
      await addMember(globexAdmin, { orgId: ACME, email: 'member@globex.test', role: 'member', mode: 'add' }),
    ];
    for (const result of attempts) expect(result).toMatchObject({ ok: false, code: 'not_found' });
    expect(await teamSnapshot(ACME)).toEqual(acmeBefore);
    expect(await teamSnapshot(GLOBEX)).toEqual(globexBefore);
  });

  it('leaving an org you are not in is not found', async () => {
    expect(await leaveOrganization('usr_member_globex', ACME)).toMatchObject({ ok: false, code: 'not_found' });
  });
});
