import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Viewer } from '@/server/auth/viewer';

/** The inspector's import through its Server Action (session and Next's APIs mocked, as in actions.test.ts). */
const h = vi.hoisted(() => ({ viewer: null as Viewer | null }));

vi.mock('@/server/auth/viewer', () => import('./support/next-mocks').then((m) => m.actionViewer(() => h.viewer)));

vi.mock('next/cache', () => import('./support/next-mocks').then((m) => m.nextCache));
vi.mock('next/headers', () => import('./support/next-mocks').then((m) => m.nextHeaders));
vi.mock('next/navigation', () => import('./support/next-mocks').then((m) => m.nextNavigation));

const { importInvoicesAction } = await import('@/server/inspector/actions');
const { INLINE_IMPORT_ROWS } = await import('@/lib/schemas/inspector');
const { invoiceTags } = await import('@/server/cache/tags');
const { stopJobBoss } = await import('@/server/jobs/boss');
const { invoicesImportJob } = await import('@/server/jobs/invoices-import');
const { ACME, auditRows, formOf, rawOrgInvoices, viewerOf } = await import('./support/fixtures');
const { callsOf, kinds, resetNext } = await import('./support/next-mocks');
const { jobRows } = await import('./support/jobs');

afterAll(async () => {
  await stopJobBoss({ graceful: false });
});

beforeEach(() => {
  resetNext('http://localhost/inspector');
  h.viewer = viewerOf('usr_admin_acme', ACME, 'admin');
});

const csvOf = (count: number, tag: string) =>
  Array.from({ length: count }, (_, i) => `${tag} ${i}, ${tag.toLowerCase()}${i}@example.test, 2027-01-31, 10.00`).join('\n');

async function postImport(csv: string): Promise<string> {
  const thrown = await importInvoicesAction(null, formOf({ csv })).then(
    (state) => new Error(`expected a redirect, got ${JSON.stringify(state)}`),
    (error: unknown) => error as Error,
  );
  expect(thrown.message).toMatch(/^NEXT_REDIRECT/);
  return String(callsOf('redirect')[0]![0]);
}

const importAudits = async () => (await auditRows(ACME)).filter((row) => row.action === 'invoice.import');

describe('invoice.import from the inspector', { timeout: 90_000 }, () => {
  it('a short paste is imported in the request: its rows, one audit row, the list tag expired, back to /inspector', async () => {
    const before = (await rawOrgInvoices(ACME)).length;
    const audits = (await importAudits()).length;
    expect(await postImport(csvOf(2, 'Inline'))).toBe('/inspector');
    expect((await rawOrgInvoices(ACME)).length).toBe(before + 2);
    const added = (await importAudits()).slice(audits);
    expect(added.map((row) => ({ actor: row.actorId, count: row.details.count }))).toEqual([
      { actor: 'usr_admin_acme', count: 2 },
    ]);
    expect(kinds()).toEqual(['updateTag', 'redirect']);
    expect(callsOf('updateTag')).toEqual([[invoiceTags.list(ACME)]]);
  });

  it('a paste longer than the inline limit goes to the job: nothing written, audited or invalidated by the request', async () => {
    const before = (await rawOrgInvoices(ACME)).length;
    const audits = (await importAudits()).length;
    const queued = (await jobRows(invoicesImportJob.name)).length;
    expect(await postImport(csvOf(INLINE_IMPORT_ROWS + 1, 'Queued'))).toBe('/inspector');
    expect((await rawOrgInvoices(ACME)).length).toBe(before);
    expect(await importAudits()).toHaveLength(audits);
    expect(kinds()).toEqual(['redirect']);
    const jobs = await jobRows(invoicesImportJob.name);
    expect(jobs).toHaveLength(queued + 1);
    expect((jobs.at(-1)?.data.rows as unknown[]).length).toBe(INLINE_IMPORT_ROWS + 1);
  });
});
