import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Viewer } from '@/server/auth/viewer';

/**
 * Server Actions through the authedAction choke point, with the session and Next's cache/navigation
 * APIs mocked. Every mocked call (and every transaction commit) lands in one ordered log.
 */
const h = vi.hoisted(() => ({ viewer: null as Viewer | null }));

vi.mock('@/server/auth/viewer', () => import('./support/next-mocks').then((m) => m.actionViewer(() => h.viewer)));

vi.mock('next/cache', () => import('./support/next-mocks').then((m) => m.nextCache));
vi.mock('next/headers', () => import('./support/next-mocks').then((m) => m.nextHeaders));
vi.mock('next/navigation', () => import('./support/next-mocks').then((m) => m.nextNavigation));

// Imported after the mocks are declared (vi.mock is hoisted anyway).
const { archiveInvoice, restoreInvoice, softDeleteInvoice, updateInvoice } = await import('@/server/invoices/actions');
const { setMisuse } = await import('@/server/demo/misuse-flag');
const { invoiceTags } = await import('@/server/cache/tags');
const { db } = await import('@/server/db/client');
const { invoiceUpdate } = await import('@/server/invoices/lifecycle');
const { readStoredSummary } = await import('@/server/invoices/summary');
const fx = await import('./support/fixtures');
const { callsOf, kinds, nextLog, recordCommits, resetNext } = await import('./support/next-mocks');
const {
  ACME,
  GLOBEX,
  activeInvoice,
  archivedInvoice,
  auditRows,
  editForm,
  formOf,
  invalidationRows,
  lastInvalidationId,
  rawInvoice,
  rawLines,
  viewerOf,
} = fx;

type Action = typeof updateInvoice;

const asAcmeAdmin = () => (h.viewer = viewerOf('usr_admin_acme', ACME, 'admin'));
const asAcmeMember = () => (h.viewer = viewerOf('usr_member_acme', ACME, 'member'));
const asGlobexAdmin = () => (h.viewer = viewerOf('usr_admin_globex', GLOBEX, 'admin'));

/** Runs an action that is expected to redirect; returns the URL it redirected to. */
async function expectRedirect(action: Action, form: FormData): Promise<string> {
  const error = await action(null, form).then(
    (state) => {
      throw new Error(`expected a redirect, got ${JSON.stringify(state)}`);
    },
    (thrown: unknown) => thrown as Error,
  );
  expect(error.message).toMatch(/^NEXT_REDIRECT/);
  const redirect = callsOf('redirect');
  expect(redirect).toHaveLength(1);
  expect(error.message).toContain(String(redirect[0]![0]));
  return String(redirect[0]![0]);
}

let undoCommits: (() => void) | undefined;

beforeEach(async () => {
  resetNext();
  h.viewer = null;
  undoCommits = await recordCommits();
});

afterEach(() => undoCommits?.());

describe('happy paths (admin)', () => {
  it('updateInvoice writes the row, then commits, then updateTag x3, redirect, and logs three invalidations', async () => {
    asAcmeAdmin();
    const invoice = await activeInvoice(ACME, 0);
    const since = await lastInvalidationId();
    const form = editForm(invoice, {
      customerName: 'Action Customer',
      'lines.0.description': 'Edited via action',
      'lines.0.quantity': 4,
      'lines.0.unitPrice': '1,250.5',
    });

    const url = await expectRedirect(updateInvoice, form);

    expect(url).toBe('/invoices');
    const row = await rawInvoice(invoice.id);
    expect(row).toMatchObject({ customerName: 'Action Customer', version: invoice.version + 1 });
    const lines = await rawLines(invoice.id);
    expect(lines[0]).toMatchObject({
      description: 'Edited via action',
      quantity: 4,
      unitPriceCents: 125_050,
      amountCents: 500_200,
    });
    expect(row?.totalCents).toBe(lines.reduce((sum, l) => sum + l.amountCents, 0));
    expect((await auditRows(invoice.id)).map((a) => a.action)).toEqual(['invoice.update']);

    // Order: commit, then every updateTag, then redirect. Nothing else: no route-wide revalidatePath,
    // which would expire other orgs' entries on the shared /invoices URL.
    const tags = [invoiceTags.list(ACME), invoiceTags.record(ACME, invoice.id), invoiceTags.summary(ACME)];
    expect(kinds()).toEqual(['commit', 'updateTag', 'updateTag', 'updateTag', 'redirect']);
    expect(callsOf('updateTag').map((args) => args[0])).toEqual(tags);
    expect(callsOf('revalidatePath')).toEqual([]);
    expect(callsOf('revalidateTag')).toEqual([]);

    const logged = await invalidationRows(since);
    expect(logged.map(({ orgId, tag, source, primitive }) => ({ orgId, tag, source, primitive }))).toEqual(
      tags.map((tag) => ({ orgId: ACME, tag, source: 'action', primitive: 'updateTag' })),
    );
  });

  it.each([
    ['archiveInvoice', 'active', 'invoice.archive'],
    ['softDeleteInvoice', 'active', 'invoice.softDelete'],
    ['restoreInvoice', 'archived', 'invoice.restore'],
  ] as const)('%s writes the row and invalidates in order, then redirects to returnTo', async (name, state, auditAction) => {
    asAcmeAdmin();
    const action = { archiveInvoice, softDeleteInvoice, restoreInvoice }[name];
    const invoice = state === 'active' ? await activeInvoice(ACME, 1) : await archivedInvoice(ACME);
    const since = await lastInvalidationId();
    const auditBefore = await auditRows(invoice.id);
    const returnTo = `/invoices/${invoice.id}`;

    const url = await expectRedirect(action, formOf({ id: invoice.id, version: invoice.version, returnTo }));

    expect(url).toBe(returnTo);
    const row = await rawInvoice(invoice.id);
    expect(row?.version).toBe(invoice.version + 1);
    if (name === 'archiveInvoice') expect(row?.archivedAt).toBeInstanceOf(Date);
    if (name === 'restoreInvoice') expect(row?.archivedAt).toBeNull();
    if (name === 'softDeleteInvoice') expect(row?.deletedAt).toBeInstanceOf(Date);
    expect((await auditRows(invoice.id)).slice(auditBefore.length).map((a) => [a.action, a.actorId])).toEqual([
      [auditAction, 'usr_admin_acme'],
    ]);

    expect(kinds()).toEqual(['commit', 'updateTag', 'updateTag', 'updateTag', 'redirect']);
    expect(callsOf('updateTag').map((args) => args[0])).toEqual([
      invoiceTags.list(ACME),
      invoiceTags.record(ACME, invoice.id),
      invoiceTags.summary(ACME),
    ]);
    const logged = await invalidationRows(since);
    expect(logged).toHaveLength(3);
    expect(logged.every((r) => r.source === 'action' && r.primitive === 'updateTag' && r.orgId === ACME)).toBe(true);
  });

  it('archiveInvoice without returnTo redirects to /invoices; an outside returnTo is refused', async () => {
    asAcmeAdmin();
    const invoice = await activeInvoice(ACME, 2);
    const evil = await archiveInvoice(null, formOf({ id: invoice.id, version: invoice.version, returnTo: 'https://evil.test/' }));
    expect(evil).toMatchObject({ ok: false, code: 'bad_request', fieldErrors: { returnTo: expect.any(Array) } });
    expect((await rawInvoice(invoice.id))?.version).toBe(invoice.version);
    expect(await expectRedirect(archiveInvoice, formOf({ id: invoice.id, version: invoice.version }))).toBe('/invoices');
  });
});

describe('role and session gates', () => {
  const gated: [string, Action, 'active' | 'archived'][] = [
    ['updateInvoice', updateInvoice, 'active'],
    ['archiveInvoice', archiveInvoice, 'active'],
    ['restoreInvoice', restoreInvoice, 'archived'],
    ['softDeleteInvoice', softDeleteInvoice, 'active'],
  ];

  it.each(gated)('%s: a member is forbidden and nothing is written', async (name, action, state) => {
    asAcmeMember();
    const invoice = state === 'active' ? await activeInvoice(ACME, 3) : await archivedInvoice(ACME);
    const since = await lastInvalidationId();
    const auditBefore = await auditRows(invoice.id);
    const form =
      name === 'updateInvoice'
        ? editForm(invoice, { customerName: 'Member Edit' })
        : formOf({ id: invoice.id, version: invoice.version });

    const result = await action(null, form);

    expect(result).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await rawInvoice(invoice.id)).toMatchObject({
      version: invoice.version,
      customerName: invoice.customerName,
      archivedAt: state === 'archived' ? expect.any(Date) : null,
      deletedAt: null,
    });
    expect(await auditRows(invoice.id)).toEqual(auditBefore);
    expect(kinds()).toEqual([]);
    expect(await invalidationRows(since)).toEqual([]);
  });

  it.each(gated)('%s: no session is unauthorized and nothing is written', async (_name, action, state) => {
    h.viewer = null;
    const invoice = state === 'active' ? await activeInvoice(ACME, 3) : await archivedInvoice(ACME);
    const result = await action(null, formOf({ id: invoice.id, version: invoice.version }));
    expect(result).toMatchObject({ ok: false, code: 'unauthorized' });
    expect((await rawInvoice(invoice.id))?.version).toBe(invoice.version);
    expect(kinds()).toEqual([]);
  });

  it.each(gated)(
    '%s: a Globex admin posting an Acme id gets not_found; nothing written, nothing invalidated',
    async (name, action, state) => {
      asGlobexAdmin();
      const invoice = state === 'active' ? await activeInvoice(ACME, 3) : await archivedInvoice(ACME);
      const before = await rawInvoice(invoice.id);
      const auditBefore = await auditRows(invoice.id);
      const since = await lastInvalidationId();
      const form =
        name === 'updateInvoice'
          ? editForm(invoice, { customerName: 'Globex Was Here' })
          : formOf({ id: invoice.id, version: invoice.version });

      const result = await action(null, form);

      expect(result).toMatchObject({ ok: false, code: 'not_found' });
      expect(await rawInvoice(invoice.id)).toEqual(before);
      expect(await auditRows(invoice.id)).toEqual(auditBefore);
      expect(kinds().filter((k) => k !== 'commit')).toEqual([]);
      expect(await invalidationRows(since)).toEqual([]);
    },
  );
});

describe('invalid input', () => {
  const cases: [string, Record<string, string>, string, (values: Record<string, unknown>) => unknown, unknown][] = [
    ['a bad email', { customerEmail: 'not-an-email' }, 'customerEmail', (v) => v.customerEmail, 'not-an-email'],
    ['an empty customer name', { customerName: '   ' }, 'customerName', (v) => v.customerName, '   '],
    [
      "unit price 'abc'",
      { 'lines.0.unitPrice': 'abc' },
      'lines.0.unitPrice',
      (v) => (v.lines as Record<string, unknown>[])[0]?.unitPrice,
      'abc',
    ],
    [
      'quantity 0',
      { 'lines.1.quantity': '0' },
      'lines.1.quantity',
      (v) => (v.lines as Record<string, unknown>[])[1]?.quantity,
      '0',
    ],
    ['a non-uuid id', { id: 'not-a-uuid' }, 'id', (v) => v.id, 'not-a-uuid'],
    ['a due date before the issue date', { dueOn: '1999-01-01' }, 'dueOn', (v) => v.dueOn, '1999-01-01'],
  ];

  it.each(cases)(
    '%s: bad_request keyed by the field path, values echoed, nothing written',
    async (_label, overrides, key, pick, typed) => {
      asAcmeAdmin();
      const invoice = await activeInvoice(ACME, 4);
      expect(invoice.lines.length).toBeGreaterThanOrEqual(2);
      const before = await rawInvoice(invoice.id);
      const since = await lastInvalidationId();

      const result = await updateInvoice(null, editForm(invoice, { customerName: 'Typed Name', ...overrides }));

      expect(result).toMatchObject({ ok: false, code: 'bad_request' });
      if (result.ok || result.code !== 'bad_request') throw new Error('expected bad_request');
      expect(Object.keys(result.fieldErrors ?? {})).toEqual([key]);
      expect(result.fieldErrors?.[key]?.[0]).toEqual(expect.any(String));
      expect(pick(result.values ?? {})).toBe(typed);
      if (!('customerName' in overrides)) expect(result.values?.customerName).toBe('Typed Name');
      expect(await rawInvoice(invoice.id)).toEqual(before);
      expect(await auditRows(invoice.id)).toHaveLength(0);
      expect(kinds().filter((k) => k !== 'commit')).toEqual([]);
      expect(await invalidationRows(since)).toEqual([]);
    },
  );

  it.each([
    [
      'no line items at all',
      (form: FormData) => [...form.keys()].filter((k) => k.startsWith('lines.')).forEach((k) => form.delete(k)),
      /./,
    ],
    [
      'only blank line items',
      (form: FormData) => [...form.keys()].filter((k) => k.startsWith('lines.')).forEach((k) => form.set(k, '')),
      /at least one line/,
    ],
  ])('%s: bad_request on lines, nothing written', async (_label, mutateForm, message) => {
    asAcmeAdmin();
    const invoice = await activeInvoice(ACME, 4);
    const form = editForm(invoice);
    mutateForm(form);
    const result = await updateInvoice(null, form);
    expect(result).toMatchObject({ ok: false, code: 'bad_request', fieldErrors: { lines: [expect.stringMatching(message)] } });
    expect((await rawInvoice(invoice.id))?.version).toBe(invoice.version);
    expect(await rawLines(invoice.id)).toHaveLength(invoice.lines.length);
    expect(kinds().filter((k) => k !== 'commit')).toEqual([]);
  });

  it('blank spare rows (lines.5.* all empty) are ignored and the save succeeds', async () => {
    asAcmeAdmin();
    const invoice = await activeInvoice(ACME, 5);
    const form = editForm(invoice, {
      customerName: 'With Spare Rows',
      'lines.5.description': '',
      'lines.5.quantity': '',
      'lines.5.unitPrice': '',
      'lines.6.description': '  ',
    });
    await expectRedirect(updateInvoice, form);
    const row = await rawInvoice(invoice.id);
    expect(row).toMatchObject({ customerName: 'With Spare Rows', version: invoice.version + 1, totalCents: invoice.totalCents });
    const lines = await rawLines(invoice.id);
    expect(lines.map((l) => [l.position, l.description, l.quantity, l.unitPriceCents])).toEqual(
      invoice.lines.map((l, i) => [i + 1, l.description, l.quantity, l.unitPriceCents]),
    );
  });
});

describe('conflicts and overwrite', () => {
  it('a stale version returns conflict with the current row, and no updateTag / revalidatePath / redirect', async () => {
    asAcmeAdmin();
    const invoice = await activeInvoice(ACME, 6);
    const other = await invoiceUpdate.commit(
      { userId: 'usr_pat', orgId: ACME },
      fx.editOf(invoice, { customerName: 'Someone Else' }),
    );
    expect(other.ok).toBe(true);
    const since = await lastInvalidationId();
    nextLog.length = 0;

    const result = await updateInvoice(null, editForm(invoice, { customerName: 'My Late Edit' }));

    expect(result).toMatchObject({
      ok: false,
      code: 'conflict',
      current: { id: invoice.id, version: invoice.version + 1, customerName: 'Someone Else' },
      values: { customerName: 'My Late Edit' },
    });
    expect(await rawInvoice(invoice.id)).toMatchObject({ customerName: 'Someone Else', version: invoice.version + 1 });
    expect((await auditRows(invoice.id)).map((a) => a.actorId)).toEqual(['usr_pat']);
    expect(kinds().filter((k) => k !== 'commit')).toEqual([]);
    expect(await invalidationRows(since)).toEqual([]);

    // Overwrite: the same edit re-posted with overwriteVersion = the version now shown succeeds.
    nextLog.length = 0;
    const url = await expectRedirect(
      updateInvoice,
      editForm(invoice, { customerName: 'My Late Edit', overwriteVersion: invoice.version + 1 }),
    );
    expect(url).toBe('/invoices');
    expect(await rawInvoice(invoice.id)).toMatchObject({ customerName: 'My Late Edit', version: invoice.version + 2 });
    expect((await auditRows(invoice.id)).map((a) => a.actorId)).toEqual(['usr_pat', 'usr_admin_acme']);
    expect(kinds()).toEqual(['commit', 'updateTag', 'updateTag', 'updateTag', 'redirect']);
  });

  it('a stale lifecycle action (archive) is a conflict with no invalidation', async () => {
    asAcmeAdmin();
    const invoice = await activeInvoice(ACME, 7);
    const result = await archiveInvoice(null, formOf({ id: invoice.id, version: invoice.version + 5 }));
    expect(result).toMatchObject({ ok: false, code: 'conflict', current: { id: invoice.id, version: invoice.version } });
    expect((await rawInvoice(invoice.id))?.archivedAt).toBeNull();
    expect(kinds().filter((k) => k !== 'commit')).toEqual([]);
  });
});

describe('the misuse flag', () => {
  it('sends the list tag through revalidateTag(tag, "max") only, record and summary through updateTag', async () => {
    asAcmeAdmin();
    await setMisuse(ACME, true);
    try {
      const invoice = await activeInvoice(ACME, 8);
      const since = await lastInvalidationId();
      await expectRedirect(updateInvoice, editForm(invoice, { customerName: 'Misused' }));

      expect(await rawInvoice(invoice.id)).toMatchObject({ customerName: 'Misused', version: invoice.version + 1 });
      expect(callsOf('revalidateTag')).toEqual([[invoiceTags.list(ACME), 'max']]);
      expect(callsOf('updateTag')).toEqual([[invoiceTags.record(ACME, invoice.id)], [invoiceTags.summary(ACME)]]);
      expect(kinds()).toEqual(['commit', 'revalidateTag', 'updateTag', 'updateTag', 'redirect']);
      const logged = await invalidationRows(since);
      expect(logged.map((r) => [r.tag, r.primitive, r.source])).toEqual([
        [invoiceTags.list(ACME), 'revalidateTag', 'action'],
        [invoiceTags.record(ACME, invoice.id), 'updateTag', 'action'],
        [invoiceTags.summary(ACME), 'updateTag', 'action'],
      ]);

      // Lifecycle actions ignore the flag.
      nextLog.length = 0;
      const other = await activeInvoice(ACME, 9);
      await expectRedirect(archiveInvoice, formOf({ id: other.id, version: other.version }));
      expect(callsOf('revalidateTag')).toEqual([]);
      expect(callsOf('updateTag')).toHaveLength(3);
    } finally {
      await setMisuse(ACME, false);
    }
  });

  it("the flag is per org: Globex's writes are unaffected by Acme's flag", async () => {
    await setMisuse(ACME, true);
    try {
      asGlobexAdmin();
      const invoice = await activeInvoice(GLOBEX, 0);
      await expectRedirect(updateInvoice, editForm(invoice, { customerName: 'Globex Edit' }));
      expect(callsOf('revalidateTag')).toEqual([]);
      expect(callsOf('updateTag').map((args) => args[0])).toEqual([
        invoiceTags.list(GLOBEX),
        invoiceTags.record(GLOBEX, invoice.id),
        invoiceTags.summary(GLOBEX),
      ]);
      const stored = await readStoredSummary(await db(), GLOBEX);
      expect(stored.totalCents).toBeGreaterThan(0);
    } finally {
      await setMisuse(ACME, false);
    }
  });
});
