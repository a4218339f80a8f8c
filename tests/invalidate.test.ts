import { desc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('next/cache', () => import('./support/next-mocks').then((m) => m.nextCache));

const { invalidate } = await import('@/server/cache/invalidate');
const { nextLog, request, resetNext } = await import('./support/next-mocks');
/** The calls as `updateTag <tag>` / `revalidateTag <tag> <profile>` lines. */
const calls = () => nextLog.map((entry) => [entry.kind, ...entry.args].join(' '));
const { invoiceTags } = await import('@/server/cache/tags');
const { db } = await import('@/server/db/client');
const { cacheInvalidations } = await import('@/server/db/schema');

const ORG = 'org_acme';
const INVOICE = '33333333-3333-3333-3333-333333333333';
const newest = async (n: number) =>
  (await db())
    .select()
    .from(cacheInvalidations)
    .where(eq(cacheInvalidations.orgId, ORG))
    .orderBy(desc(cacheInvalidations.id))
    .limit(n);

beforeEach(() => {
  resetNext();
});

describe('invalidate(): the one fan-out routine', () => {
  it('interactive mode calls updateTag for list, record and summary, then logs each as an action', async () => {
    await invalidate('invoice.update', { orgId: ORG, invoiceId: INVOICE }, 'interactive', { source: 'action' });
    expect(calls()).toEqual([
      `updateTag ${invoiceTags.list(ORG)}`,
      `updateTag ${invoiceTags.record(ORG, INVOICE)}`,
      `updateTag ${invoiceTags.summary(ORG)}`,
    ]);
    const rows = await newest(3);
    expect(rows.map((r) => [r.tag, r.source, r.primitive]).sort()).toEqual(
      [
        [invoiceTags.list(ORG), 'action', 'updateTag'],
        [invoiceTags.record(ORG, INVOICE), 'action', 'updateTag'],
        [invoiceTags.summary(ORG), 'action', 'updateTag'],
      ].sort(),
    );
  });

  it('the misuse option moves only the list to revalidateTag(tag, "max") and logs that primitive', async () => {
    await invalidate('invoice.update', { orgId: ORG, invoiceId: INVOICE }, 'interactive', {
      source: 'action',
      eventualFamilies: ['list'],
    });
    expect(calls()).toEqual([
      `revalidateTag ${invoiceTags.list(ORG)} max`,
      `updateTag ${invoiceTags.record(ORG, INVOICE)}`,
      `updateTag ${invoiceTags.summary(ORG)}`,
    ]);
    const list = (await newest(3)).find((r) => r.tag === invoiceTags.list(ORG));
    expect(list?.primitive).toBe('revalidateTag');
  });

  it('logs only the invalidations that returned: a throwing call leaves no row for itself or later tags', async () => {
    const before = (await newest(1))[0]?.id ?? 0;
    request.failingTag = invoiceTags.record(ORG, INVOICE);
    await expect(
      invalidate('invoice.archive', { orgId: ORG, invoiceId: INVOICE }, 'interactive', { source: 'action' }),
    ).rejects.toThrow('boom');
    const rows = (await newest(5)).filter((r) => r.id > before);
    expect(rows.map((r) => r.tag)).toEqual([invoiceTags.list(ORG)]);
  });
});
