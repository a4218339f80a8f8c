import { eq } from 'drizzle-orm';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Viewer } from '@/server/auth/viewer';

/**
 * The organization settings write through the real choke point (the viewer is mocked, the role is read
 * again under the team lock), with Next's cache and navigation APIs mocked into one ordered log.
 */
const h = vi.hoisted(() => ({ viewer: null as Viewer | null }));

vi.mock('@/server/auth/viewer', () => ({
  getViewer: vi.fn(async () => h.viewer),
  getVerifiedViewer: vi.fn(async () => h.viewer),
  requireViewer: vi.fn(async () => h.viewer),
  listMemberships: vi.fn(async () => []),
}));

vi.mock('next/cache', () => import('./support/next-mocks').then((m) => m.nextCache));
vi.mock('next/headers', () => import('./support/next-mocks').then((m) => m.nextHeaders));
vi.mock('next/navigation', () => import('./support/next-mocks').then((m) => m.nextNavigation));

const { updateOrgSettings } = await import('@/server/org/actions');
const { orgUpdateSettings } = await import('@/server/org/update-settings');
const { readOrgSettings } = await import('@/server/org/settings');
const { orgToday } = await import('@/server/org/today');
const { invoiceCreate } = await import('@/server/invoices/workflow');
const { default: PrintInvoicePage } = await import('@/app/invoices/[id]/print/page');
const { orgTags, userTags } = await import('@/server/cache/tags');
const { db } = await import('@/server/db/client');
const { customers, formFlashes } = await import('@/server/db/schema');
const { ACME, GLOBEX, activeInvoice, auditRows, formOf, invalidationRows, lastInvalidationId, rawInvoice, viewerOf } =
  await import('./support/fixtures');
const { rawMembers } = await import('./support/team-fixtures');
const { callsOf, kinds, recordCommits, request, resetNext } = await import('./support/next-mocks');

const SAVED = {
  name: 'Acme',
  currency: 'USD' as const,
  timeZone: 'America/Phoenix',
  address: '1 Roadrunner Way\nPhoenix, AZ 85001',
};

const settingsForm = (fields: Partial<Record<'orgId' | keyof typeof SAVED, string>> = {}) =>
  formOf({ orgId: ACME, ...SAVED, ...fields });

async function storedSettings(orgId: string = ACME) {
  return readOrgSettings(await db(), orgId);
}

/** Runs an action expected to redirect; returns where to. */
async function redirectOf(run: Promise<unknown>): Promise<string> {
  await expect(run).rejects.toThrow(/^NEXT_REDIRECT/);
  return String(callsOf('redirect').at(-1)?.[0]);
}

let undoCommits: () => void = () => {};
beforeEach(async () => {
  resetNext('http://localhost/settings/organization');
  h.viewer = viewerOf('usr_admin_acme', ACME, 'admin');
  // Every test starts from the same saved settings, written straight through the mutation.
  await orgUpdateSettings.commit({ userId: 'usr_owner_acme', orgId: ACME }, { orgId: ACME, ...SAVED });
  undoCommits = await recordCommits();
});
afterEach(() => undoCommits());

describe('saving the organization settings', () => {
  it('commits all four fields with one audit row of from/to, then expires the settings and every member, then redirects', async () => {
    const since = await lastInvalidationId();
    const form = settingsForm({
      name: '  Acme Holdings ',
      currency: 'EUR',
      timeZone: 'europe/paris',
      address: '12 Rue de Rivoli\r\n75004 Paris\r\nFrance',
    });
    expect(await redirectOf(updateOrgSettings(null, form))).toBe('/settings/organization');

    expect(await storedSettings()).toEqual({
      name: 'Acme Holdings',
      currency: 'EUR',
      timeZone: 'Europe/Paris',
      address: '12 Rue de Rivoli\n75004 Paris\nFrance',
    });
    expect((await auditRows(ACME)).at(-1)).toMatchObject({
      action: 'org.updateSettings',
      actorId: 'usr_admin_acme',
      details: {
        name: { from: 'Acme', to: 'Acme Holdings' },
        currency: { from: 'USD', to: 'EUR' },
        timeZone: { from: 'America/Phoenix', to: 'Europe/Paris' },
        address: { from: SAVED.address, to: '12 Rue de Rivoli\n75004 Paris\nFrance' },
      },
    });

    const members = (await rawMembers(ACME)).map((m) => userTags.memberships(m.userId));
    expect(kinds()).toEqual(['commit', 'updateTag', ...members.map(() => 'updateTag'), 'redirect']);
    const tags = callsOf('updateTag').map((args) => String(args[0]));
    expect(tags[0]).toBe(orgTags.settings(ACME));
    expect(tags.slice(1).sort()).toEqual([...members].sort());
    expect(tags).not.toContain(userTags.memberships('usr_owner_globex'));
    expect((await invalidationRows(since)).map((row) => row.tag)).toEqual(tags);
  });

  it('a save that changes nothing writes no audit row', async () => {
    const audited = (await auditRows(ACME)).length;
    await redirectOf(updateOrgSettings(null, settingsForm()));
    expect(await auditRows(ACME)).toHaveLength(audited);
  });

  it('field errors write nothing and hand back what was typed', async () => {
    const since = await lastInvalidationId();
    const audited = (await auditRows(ACME)).length;
    const typed = { name: ' ', currency: 'XXX', timeZone: 'Mars/Olympus_Mons', address: 'x'.repeat(501) };
    const state = await updateOrgSettings(null, settingsForm(typed));
    expect(state).toMatchObject({ ok: false, code: 'bad_request', values: typed });
    expect(Object.keys((state as { fieldErrors?: object }).fieldErrors ?? {}).sort()).toEqual([
      'address',
      'currency',
      'name',
      'timeZone',
    ]);
    expect(await storedSettings()).toEqual(SAVED);
    expect(await auditRows(ACME)).toHaveLength(audited);
    expect(kinds()).toEqual([]);
    expect(await invalidationRows(since)).toEqual([]);
  });

  it('refuses an offset that Intl accepts but is no IANA zone name', async () => {
    const state = await updateOrgSettings(null, settingsForm({ timeZone: '+01:00' }));
    expect(state).toMatchObject({ ok: false, fieldErrors: { timeZone: [expect.stringMatching(/IANA/)] } });
  });

  it('without JavaScript a refused save goes back to the settings page with its errors kept for one read', async () => {
    request.plainPost = true;
    const to = await redirectOf(updateOrgSettings(null, settingsForm({ currency: 'XXX' })));
    expect(to).toMatch(/^\/settings\/organization\?flash=[\w-]{22}$/);
    const [flash] = await (
      await db()
    )
      .select()
      .from(formFlashes)
      .where(eq(formFlashes.id, to.split('=')[1] ?? ''));
    expect(flash).toMatchObject({
      form: 'org.updateSettings',
      state: { ok: false, fieldErrors: { currency: expect.any(Array) } },
    });
  });

  it.each([
    // The session may still say admin after a demotion: the role read under the lock decides too.
    ['a member, at the choke point and under the lock', 'usr_member_acme', ACME, 'member', 'forbidden'],
    ["a Globex admin posting Acme's form, or claiming to work in Acme", 'usr_admin_globex', GLOBEX, 'admin', 'not_found'],
  ] as const)('refuses %s, and neither org changes', async (_label, userId, activeOrg, role, code) => {
    const globex = await storedSettings(GLOBEX);
    h.viewer = viewerOf(userId, activeOrg, role);
    expect(await updateOrgSettings(null, settingsForm({ name: 'Hijacked' }))).toMatchObject({ ok: false, code });
    const claimed = await orgUpdateSettings.commit({ userId, orgId: ACME }, { orgId: ACME, ...SAVED, name: 'Hijacked' });
    expect(claimed).toMatchObject({ ok: false, code });
    expect(await storedSettings()).toEqual(SAVED);
    expect(await storedSettings(GLOBEX)).toEqual(globex);
    expect(kinds().filter((kind) => kind !== 'commit')).toEqual([]);
  });
});

describe('what the settings drive', () => {
  it('new invoices take the org currency, and "today" is the date in the org time zone', async () => {
    await redirectOf(updateOrgSettings(null, settingsForm({ currency: 'GBP', timeZone: 'Pacific/Auckland' })));
    const [customer] = await (await db()).select({ id: customers.id }).from(customers).where(eq(customers.orgId, ACME)).limit(1);
    const created = await invoiceCreate.commit(
      { userId: 'usr_admin_acme', orgId: ACME },
      {
        customerId: customer?.id ?? '',
        issuedOn: '2026-12-01',
        terms: 'net14',
        dueOn: '2026-12-15',
        notes: '',
        lines: [{ description: 'Work', quantity: 1, unitPrice: 10_000, taxRateBp: 0 }],
      },
    );
    expect(created.ok && (await rawInvoice(created.data.id))?.currency).toBe('GBP');
    // 12:00 UTC on Dec 31 is already New Year's Day in Auckland.
    expect(await orgToday(ACME, new Date('2026-12-31T12:00:00Z'))).toBe('2027-01-01');
  });

  it('the print view shows the saved name and billing address', async () => {
    await redirectOf(
      updateOrgSettings(null, settingsForm({ name: 'Acme Printing', address: '9 Harbour Road\nPortsmouth PO1 2AB' })),
    );
    const invoice = await activeInvoice(ACME);
    const page = await PrintInvoicePage({
      params: Promise.resolve({ id: invoice.id }),
      searchParams: Promise.resolve({}),
    });
    const html = renderToStaticMarkup(createElement('div', null, page));
    expect(html).toContain('Acme Printing');
    expect(html).toContain('9 Harbour Road\nPortsmouth PO1 2AB');
  });
});
