import { describe, expect, it } from 'vitest';
import { ALL_TAG_FAMILIES, familiesOf, INVALIDATION_GRAPH, tagsFor, type CacheEvent } from '@/server/cache/graph';
import { commentTags, customerTags, invoiceTags, orgOfTag, orgTags, userOfTag, userTags } from '@/server/cache/tags';

/**
 * The graph edge by edge, and every tag string literally: a tag that changes shape orphans the
 * entries already cached under the old one, and an edge that goes missing serves stale pages.
 * (tests/graph.test.ts checks the graph against the cached reads; this pins the exact table.)
 */
const ORG = 'org_a';
const INVOICE = '11111111-1111-1111-1111-111111111111';
const ctx = { orgId: ORG, invoiceId: INVOICE, userId: 'usr_1', memberIds: ['usr_1', 'usr_2'] };

const INVOICE_MUTATION = [
  ['list', `org:${ORG}:invoices:list`],
  ['record', `org:${ORG}:invoice:${INVOICE}`],
  ['summary', `org:${ORG}:invoices:summary`],
];
const MEMBERSHIP_CHANGE = [
  ['members', `org:${ORG}:members`],
  ['memberships', 'user:usr_1:memberships'],
];
const CUSTOMERS = [['customers', `org:${ORG}:customers`]];

/** Event -> [family, tag] in the order the fan-out sends them. */
const EXPECTED: Record<CacheEvent, string[][]> = {
  'invoice.update': INVOICE_MUTATION,
  'invoice.archive': INVOICE_MUTATION,
  'invoice.restore': INVOICE_MUTATION,
  'invoice.softDelete': INVOICE_MUTATION,
  'invoice.import': [['list', `org:${ORG}:invoices:list`]],
  'comment.add': [['commentThread', `org:${ORG}:invoice:${INVOICE}:comments`]],
  'summary.recompute': [['summary', `org:${ORG}:invoices:summary`]],
  'org.flush': [
    ['orgAll', `org:${ORG}:all`],
    ['list', `org:${ORG}:invoices:list`],
    ['summary', `org:${ORG}:invoices:summary`],
  ],
  'member.add': MEMBERSHIP_CHANGE,
  'member.invite': MEMBERSHIP_CHANGE,
  'member.changeRole': MEMBERSHIP_CHANGE,
  'member.remove': MEMBERSHIP_CHANGE,
  'member.leave': MEMBERSHIP_CHANGE,
  'invitation.accept': MEMBERSHIP_CHANGE,
  'invitation.join': MEMBERSHIP_CHANGE,
  'ownership.transfer': [
    ['members', `org:${ORG}:members`],
    ['memberships', 'user:usr_1:memberships'],
    ['memberships', 'user:usr_2:memberships'],
  ],
  'org.updateSettings': [
    ['orgSettings', `org:${ORG}:settings`],
    ['memberships', 'user:usr_1:memberships'],
    ['memberships', 'user:usr_2:memberships'],
  ],
  'user.rename': [
    ['members', `org:${ORG}:members`],
    ['commentAuthors', `org:${ORG}:comments:authors`],
  ],
  'invitation.cancel': MEMBERSHIP_CHANGE,
  'invitation.resend': MEMBERSHIP_CHANGE,
  'session.changed': [['sessions', 'user:usr_1:sessions']],
  'invoice.create': INVOICE_MUTATION,
  'invoice.send': INVOICE_MUTATION,
  'invoice.pay': INVOICE_MUTATION,
  'invoice.void': INVOICE_MUTATION,
  'customer.create': CUSTOMERS,
  'customer.update': CUSTOMERS,
  'customer.archive': CUSTOMERS,
};

describe('every edge of the invalidation graph', () => {
  it('lists exactly the events above', () => {
    expect(Object.keys(INVALIDATION_GRAPH).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s reaches exactly its tags, in order', (event, expected) => {
    expect(tagsFor(event as CacheEvent, ctx).map(({ family, tag }) => [family, tag])).toEqual(expected);
    expect(familiesOf(event as CacheEvent)).toEqual([...new Set(expected.map(([family]) => family))]);
  });

  it('declares every family once, org-scoped first', () => {
    expect(ALL_TAG_FAMILIES).toEqual([
      'list',
      'record',
      'summary',
      'commentThread',
      'commentAuthors',
      'orgAll',
      'members',
      'orgSettings',
      'customers',
      'memberships',
      'sessions',
    ]);
  });

  it("an invitation to an email with no account reaches the roster only; a member's event needs the member", () => {
    expect(tagsFor('invitation.resend', { orgId: ORG }).map((t) => t.tag)).toEqual([`org:${ORG}:members`]);
    expect(tagsFor('invitation.resend', { orgId: ORG, userId: '' }).map((t) => t.tag)).toEqual([`org:${ORG}:members`]);
    expect(() => tagsFor('member.add', { orgId: ORG, userId: '' })).toThrow('This event needs userId.');
    expect(() => tagsFor('session.changed', { orgId: ORG })).toThrow('This event needs userId.');
  });

  it('refuses an empty invoice id as it refuses a missing one, naming what is missing', () => {
    expect(() => tagsFor('invoice.update', { orgId: ORG, invoiceId: '' })).toThrow('This event needs invoiceId.');
    expect(() => tagsFor('comment.add', { orgId: ORG })).toThrow('This event needs invoiceId.');
    expect(() => tagsFor('org.updateSettings', { orgId: ORG })).toThrow('This event needs memberIds.');
  });

  it('asks only for what the event uses: an org-only event needs no invoice, user or members', () => {
    expect(tagsFor('invoice.import', { orgId: ORG }).map((t) => t.tag)).toEqual([`org:${ORG}:invoices:list`]);
    expect(tagsFor('org.updateSettings', { orgId: ORG, memberIds: [] }).map((t) => t.tag)).toEqual([`org:${ORG}:settings`]);
  });
});

describe('tag strings', () => {
  it('are built from the org or the user, then the family', () => {
    expect(orgTags.all('o1')).toBe('org:o1:all');
    expect(orgTags.members('o1')).toBe('org:o1:members');
    expect(orgTags.settings('o1')).toBe('org:o1:settings');
    expect(invoiceTags.list('o1')).toBe('org:o1:invoices:list');
    expect(invoiceTags.record('o1', 'i1')).toBe('org:o1:invoice:i1');
    expect(invoiceTags.summary('o1')).toBe('org:o1:invoices:summary');
    expect(customerTags.list('o1')).toBe('org:o1:customers');
    expect(commentTags.thread('o1', 'i1')).toBe('org:o1:invoice:i1:comments');
    expect(commentTags.authors('o1')).toBe('org:o1:comments:authors');
    expect(userTags.memberships('u1')).toBe('user:u1:memberships');
    expect(userTags.sessions('u1')).toBe('user:u1:sessions');
  });

  it.each([
    ['org:org_acme:invoices:list', 'org_acme', null],
    ['org:o:all', 'o', null],
    ['user:usr_ann:sessions', null, 'usr_ann'],
    ['user:u:memberships', null, 'u'],
    // Only a whole prefix names an owner.
    ['xorg:org_acme:all', null, null],
    ['xuser:usr_ann:sessions', null, null],
    ['org:org_acme', null, null],
    ['user:usr_ann', null, null],
    ['org::all', null, null],
    ['user::sessions', null, null],
    ['', null, null],
  ])('%j belongs to org %j and user %j', (tag, org, user) => {
    expect(orgOfTag(tag)).toBe(org);
    expect(userOfTag(tag)).toBe(user);
  });
});
