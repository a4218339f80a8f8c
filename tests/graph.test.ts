import { describe, expect, it } from 'vitest';
import { ALL_TAG_FAMILIES, INVALIDATION_GRAPH, tagsFor, type CacheEvent } from '@/server/cache/graph';
import { commentTags, customerTags, invoiceTags, orgOfTag, orgTags, userOfTag, userTags } from '@/server/cache/tags';
import { cacheTagCalls } from './support/cache-tag-calls';

const TAG_BUILDERS = { commentTags, customerTags, invoiceTags, orgTags, userTags };

const EVENTS = Object.keys(INVALIDATION_GRAPH) as CacheEvent[];
const MEMBERSHIP_EVENTS = [
  'member.add',
  'member.changeRole',
  'member.remove',
  'member.leave',
  'invitation.accept',
  'invitation.join',
] as const;
/** An invitation may name an email with no account yet: the invitee's tag only when there is a user. */
const INVITATION_EVENTS = ['member.invite', 'invitation.cancel', 'invitation.resend'] as const;
const ctxA = {
  orgId: 'org_a',
  invoiceId: '11111111-1111-1111-1111-111111111111',
  userId: 'usr_a1',
  memberIds: ['usr_a1', 'usr_a2'],
};
const ctxB = {
  orgId: 'org_b',
  invoiceId: '22222222-2222-2222-2222-222222222222',
  userId: 'usr_b1',
  memberIds: ['usr_b1', 'usr_b2', 'usr_b3'],
};
const tagsOf = (event: CacheEvent, ctx: Parameters<typeof tagsFor>[1]) => tagsFor(event, ctx).map((t) => t.tag);

describe('the invalidation graph', () => {
  // What the cached reads really carry, from their `cacheTag(...)` calls in src/.
  const carried = cacheTagCalls('src');
  const sampleTag = (builder: string): string | undefined => {
    const [group, name] = builder.split('.') as [keyof typeof TAG_BUILDERS, string];
    const make = (TAG_BUILDERS[group] as Record<string, ((...args: string[]) => string) | undefined> | undefined)?.[name];
    if (!make) return undefined;
    return group === 'userTags' ? make(ctxA.userId) : make(ctxA.orgId, ctxA.invoiceId);
  };
  // One member, so every user-scoped family yields the one sample user's tag.
  const oneMember = { ...ctxA, memberIds: [ctxA.userId] };
  const familyTags = new Map(EVENTS.flatMap((event) => tagsFor(event, oneMember)).map(({ family, tag }) => [family, tag]));

  it('finds the cached reads (the parser sees the calls)', () => {
    expect(carried.length).toBeGreaterThanOrEqual(7);
  });

  it('has an invalidating event for every tag a cached read carries', () => {
    const produced = new Set(familyTags.values());
    const unreached = carried.filter((call) => {
      const tag = sampleTag(call.builder);
      return tag === undefined || !produced.has(tag);
    });
    expect(unreached.map((call) => `${call.builder} in ${call.file}`)).toEqual([]);
  });

  it('declares no tag family that no cached read carries', () => {
    const carriedTags = new Set(carried.map((call) => sampleTag(call.builder)));
    expect(ALL_TAG_FAMILIES.filter((family) => !carriedTags.has(familyTags.get(family)))).toEqual([]);
  });

  it('invalidates list + record + summary for every invoice mutation', () => {
    for (const event of ['invoice.update', 'invoice.archive', 'invoice.restore', 'invoice.softDelete'] as const) {
      expect(tagsOf(event, ctxA).sort()).toEqual(
        [invoiceTags.list('org_a'), invoiceTags.record('org_a', ctxA.invoiceId), invoiceTags.summary('org_a')].sort(),
      );
    }
  });

  it("invalidates the org's roster and the one member's memberships for every membership event", () => {
    for (const event of MEMBERSHIP_EVENTS) {
      expect(tagsOf(event, ctxA), event).toEqual([orgTags.members('org_a'), userTags.memberships('usr_a1')]);
    }
  });

  it("invalidates the roster, and the invitee's memberships only when the invitee has an account, for every invitation event", () => {
    for (const event of INVITATION_EVENTS) {
      expect(tagsOf(event, ctxA), event).toEqual([orgTags.members('org_a'), userTags.memberships('usr_a1')]);
      expect(tagsOf(event, { orgId: 'org_a' }), event).toEqual([orgTags.members('org_a')]);
    }
  });

  it('an ownership transfer expires the roster and the memberships of the members it names (the one or two whose role changed)', () => {
    expect(tagsOf('ownership.transfer', ctxA)).toEqual([
      orgTags.members('org_a'),
      userTags.memberships('usr_a1'),
      userTags.memberships('usr_a2'),
    ]);
  });

  it("broadcasts org.updateSettings to each member's user tag, and only to that org's members", () => {
    const tags = tagsOf('org.updateSettings', ctxA);
    expect(tags).toEqual([orgTags.settings('org_a'), userTags.memberships('usr_a1'), userTags.memberships('usr_a2')]);
    for (const other of ctxB.memberIds) expect(tags).not.toContain(userTags.memberships(other));
    expect(
      tagsOf('org.updateSettings', ctxB)
        .filter((tag) => userOfTag(tag))
        .map(userOfTag),
    ).toEqual(ctxB.memberIds);
  });

  it('never produces a tag of another org or of a user the event is not about', () => {
    for (const [ctx, other] of [
      [ctxA, ctxB],
      [ctxB, ctxA],
    ] as const) {
      const audience = new Set<string>([ctx.userId, ...ctx.memberIds]);
      for (const event of EVENTS) {
        for (const tag of tagsOf(event, ctx)) {
          const user = userOfTag(tag);
          if (user) expect(audience.has(user), `${event} -> ${tag}`).toBe(true);
          else expect(orgOfTag(tag), `${event} -> ${tag}`).toBe(ctx.orgId);
          expect(tag).not.toContain(other.orgId);
        }
      }
    }
  });

  it('scopes a record invalidation to the one invoice', () => {
    expect(tagsOf('invoice.update', ctxA)).not.toContain(invoiceTags.record('org_a', ctxB.invoiceId));
  });

  it('flushes an org through its org-wide tag, which every org-scoped cached read carries', () => {
    expect(tagsOf('org.flush', ctxA)).toContain(orgTags.all('org_a'));
  });

  it('refuses an event without the id it needs instead of building a wrong tag', () => {
    expect(() => tagsFor('invoice.update', { orgId: 'org_a' })).toThrow(/invoiceId/);
    expect(() => tagsFor('comment.add', { orgId: 'org_a' })).toThrow(/invoiceId/);
    for (const event of MEMBERSHIP_EVENTS) expect(() => tagsFor(event, { orgId: 'org_a' })).toThrow(/userId/);
    expect(() => tagsFor('org.updateSettings', { orgId: 'org_a', userId: 'usr_a1' })).toThrow(/memberIds/);
  });

  it('keeps tags distinct per org, per user and per family', () => {
    const all = [
      invoiceTags.list('o'),
      invoiceTags.summary('o'),
      invoiceTags.record('o', 'x'),
      commentTags.thread('o', 'x'),
      orgTags.all('o'),
      orgTags.members('o'),
      orgTags.settings('o'),
      userTags.memberships('o'),
    ];
    expect(new Set(all).size).toBe(all.length);
    expect(invoiceTags.list('o1')).not.toBe(invoiceTags.list('o2'));
    expect(userTags.memberships('u1')).not.toBe(userTags.memberships('u2'));
    expect(orgOfTag(userTags.memberships('o'))).toBeNull();
  });
});
