import { describe, expect, it } from 'vitest';
import { memberChangeRole, memberRemove } from '@/server/team/membership';
import { ownershipTransfer } from '@/server/team/ownership';
import { GLOBEX, ACME } from './support/fixtures';
import { addRawMember, auditOf, createAccount, rawMembers, rawRole, teamSnapshot } from './support/team-fixtures';

/**
 * Ownership transfer under the team lock: only an owner transfers; the new owner and the step-down
 * commit together with one audit row; an org never ends without an owner, however transfers, demotions
 * and departures interleave (on Postgres they really run concurrently; PGlite serializes them).
 */
/** Each write's transaction with its audit row, without the Server Action around it. */
const [changeMemberRole, removeMember, transferOwnership] = [
  memberChangeRole.commit,
  memberRemove.commit,
  ownershipTransfer.commit,
];

let counter = 0;
const freshAccount = () => createAccount(`usr_own${(counter += 1)}`, `own${counter}@ownership.test`);

const owners = async (orgId: string) => (await rawMembers(orgId)).filter((m) => m.role === 'owner').map((m) => m.userId);

describe('transferring ownership', () => {
  it('an owner makes a member owner and steps down to admin in one change, with one audit row', async () => {
    const heir = await freshAccount();
    await addRawMember(GLOBEX, heir.id, 'member');
    const owner = { userId: 'usr_owner_globex', orgId: GLOBEX };
    const transferred = await transferOwnership(owner, { orgId: GLOBEX, userId: heir.id, stepDown: true });
    // The event reaches the heir's and the former owner's lists of organizations: only their roles changed.
    expect(transferred.ok && transferred.data).toEqual({ orgId: GLOBEX, userId: heir.id, memberIds: [heir.id, owner.userId] });
    expect([await rawRole(GLOBEX, heir.id), await rawRole(GLOBEX, owner.userId)]).toEqual(['owner', 'admin']);
    expect((await auditOf(GLOBEX)).at(-1)).toMatchObject({
      action: 'ownership.transfer',
      actorId: owner.userId,
      subjectId: heir.id,
      details: { from: 'member', steppedDown: true },
    });
    // And back, keeping the new owner an owner too (no step-down).
    expect(
      await transferOwnership({ userId: heir.id, orgId: GLOBEX }, { orgId: GLOBEX, userId: owner.userId, stepDown: false }),
    ).toMatchObject({ ok: true, data: { orgId: GLOBEX, userId: owner.userId, memberIds: [owner.userId] } });
    expect((await owners(GLOBEX)).sort()).toEqual([heir.id, owner.userId].sort());
    await removeMember(owner, { orgId: GLOBEX, userId: heir.id });
  });

  it('refuses with nothing written: an admin (403), a non-member or another org’s user (404), an owner already (field error), a foreign form (404)', async () => {
    const before = await teamSnapshot(ACME);
    const acmeOwner = { userId: 'usr_owner_acme', orgId: ACME };
    expect(
      await transferOwnership(
        { userId: 'usr_admin_acme', orgId: ACME },
        { orgId: ACME, userId: 'usr_member_acme', stepDown: true },
      ),
    ).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await transferOwnership(acmeOwner, { orgId: ACME, userId: 'usr_member_globex', stepDown: true })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(await transferOwnership(acmeOwner, { orgId: ACME, userId: 'usr_owner_acme', stepDown: true })).toMatchObject({
      ok: false,
      fieldErrors: { userId: ['Already an owner.'] },
    });
    expect(await transferOwnership(acmeOwner, { orgId: GLOBEX, userId: 'usr_member_globex', stepDown: false })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(
      await transferOwnership(
        { userId: 'usr_owner_globex', orgId: ACME },
        { orgId: ACME, userId: 'usr_member_acme', stepDown: false },
      ),
    ).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(await teamSnapshot(ACME)).toEqual(before);
  });
});

describe('races: an owner always remains', () => {
  it('co-owners: one transfers to a member and steps down while the other demotes them', async () => {
    for (let round = 0; round < 5; round += 1) {
      const [a, b, heir] = [await freshAccount(), await freshAccount(), await freshAccount()];
      for (const [who, role] of [
        [a, 'owner'],
        [b, 'owner'],
        [heir, 'member'],
      ] as const) {
        await addRawMember(ACME, who.id, role);
      }
      const results = await Promise.all([
        transferOwnership({ userId: a.id, orgId: ACME }, { orgId: ACME, userId: heir.id, stepDown: true }),
        changeMemberRole({ userId: b.id, orgId: ACME }, { orgId: ACME, userId: a.id, role: 'member' }),
      ]);
      const roles = [await rawRole(ACME, a.id), await rawRole(ACME, b.id), await rawRole(ACME, heir.id)];
      // Transfer first: a is admin, then demoted to member. Demotion first: a is no owner, the transfer is refused.
      if (results[0].ok) expect(roles).toEqual(['member', 'owner', 'owner']);
      else expect([results[0], roles]).toMatchObject([{ code: 'forbidden' }, ['member', 'owner', 'member']]);
      expect(results[1].ok).toBe(true);
      for (const who of [a, b, heir])
        await removeMember({ userId: 'usr_owner_acme', orgId: ACME }, { orgId: ACME, userId: who.id });
    }
  });

  it("the sole owner's transfer to an heir races with the heir's removal: never zero owners", async () => {
    for (let round = 0; round < 5; round += 1) {
      const [a, heir] = [await freshAccount(), await freshAccount()];
      // Globex's seeded owner is made admin for the round, so a is the only owner.
      await addRawMember(GLOBEX, a.id, 'owner');
      await addRawMember(GLOBEX, heir.id, 'member');
      await changeMemberRole({ userId: a.id, orgId: GLOBEX }, { orgId: GLOBEX, userId: 'usr_owner_globex', role: 'admin' });
      expect(await owners(GLOBEX)).toEqual([a.id]);

      const [transfer, removal] = await Promise.all([
        transferOwnership({ userId: a.id, orgId: GLOBEX }, { orgId: GLOBEX, userId: heir.id, stepDown: true }),
        removeMember({ userId: a.id, orgId: GLOBEX }, { orgId: GLOBEX, userId: heir.id }),
      ]);
      // Transfer first: a is an admin now and may not remove the new owner. Removal first: no heir to transfer to.
      expect([transfer.ok, removal.ok].sort()).toEqual([false, true]);
      expect((await owners(GLOBEX)).length).toBe(1);

      const [owner] = await owners(GLOBEX);
      await changeMemberRole({ userId: owner!, orgId: GLOBEX }, { orgId: GLOBEX, userId: 'usr_owner_globex', role: 'owner' });
      for (const who of [a, heir])
        if (await rawRole(GLOBEX, who.id))
          await removeMember({ userId: 'usr_owner_globex', orgId: GLOBEX }, { orgId: GLOBEX, userId: who.id });
      expect(await owners(GLOBEX)).toEqual(['usr_owner_globex']);
    }
  });
});
