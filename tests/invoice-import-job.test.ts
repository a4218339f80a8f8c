import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { invoiceTags } from '@/server/cache/tags';
import type { ImportRow } from '@/lib/schemas/inspector';
import { db } from '@/server/db/client';
import { importInvoices } from '@/server/invoices/import';
import { readStoredSummary } from '@/server/invoices/summary';
import { stopJobBoss } from '@/server/jobs/boss';
import { enqueue, waitForJob } from '@/server/jobs/enqueue';
import { IMPORT_CHUNK_ROWS, invoicesImportJob } from '@/server/jobs/invoices-import';
import { summaryRecomputeJob } from '@/server/jobs/summary-recompute';
import { startJobWorkers } from '@/server/jobs/workers';
import { acmeAdmin, ACME, auditRows, independentSummary, rawOrgInvoices } from './support/fixtures';
import { installCacheHandler, jobRows, removeCacheHandler } from './support/jobs';

afterEach(() => removeCacheHandler());
afterAll(async () => {
  await stopJobBoss({ graceful: false });
});

const rowsOf = (count: number): ImportRow[] =>
  Array.from({ length: count }, (_, i) => ({
    customerName: `Bulk ${i}`,
    customerEmail: `bulk${i}@example.test`,
    dueOn: '2027-01-31',
    amountCents: 1_000 + i,
  }));

const payloadOf = (rows: ImportRow[], importId = randomUUID()) => ({ importId, orgId: ACME, actorId: acmeAdmin.userId, rows });

describe('invoices.import job', { timeout: 90_000 }, () => {
  it('rejects a bad payload at enqueue, before anything is queued', async () => {
    await expect(enqueue(invoicesImportJob, payloadOf([]))).rejects.toThrow();
    await expect(enqueue(invoicesImportJob, payloadOf([{ ...rowsOf(1)[0]!, amountCents: 0 }]))).rejects.toThrow();
    await expect(enqueue(invoicesImportJob, { ...payloadOf(rowsOf(1)), importId: 'not-a-uuid' })).rejects.toThrow();
    expect(await jobRows(invoicesImportJob.name)).toHaveLength(0);
  });

  it('imports in chunks, resumes after the last committed chunk, then marks the list stale and enqueues one recompute', async () => {
    const handler = installCacheHandler();
    const rows = rowsOf(IMPORT_CHUNK_ROWS * 2 + 100);
    const importId = randomUUID();
    const before = (await rawOrgInvoices(ACME)).length;
    // As if a first attempt committed chunk 0 and then the worker died.
    await importInvoices(acmeAdmin, rows.slice(0, IMPORT_CHUNK_ROWS), { importId, chunk: 0 });

    await startJobWorkers([invoicesImportJob, summaryRecomputeJob]);
    const { id } = await enqueue(invoicesImportJob, payloadOf(rows, importId));
    expect(await waitForJob(invoicesImportJob, id, 60_000)).toBe('completed');

    expect((await rawOrgInvoices(ACME)).length).toBe(before + rows.length);
    const chunks = (await auditRows(ACME)).filter((row) => row.action === 'invoice.import' && row.details.importId === importId);
    expect(chunks.map((row) => row.details.chunk).sort()).toEqual([0, 1, 2]);
    expect(handler.updateTags.mock.calls.map(([tags]) => tags)).toContainEqual([invoiceTags.list(ACME)]);

    const recomputes = (await jobRows(summaryRecomputeJob.name)).filter((row) => row.singleton_key === ACME);
    expect(recomputes).toHaveLength(1);
    expect(await waitForJob(summaryRecomputeJob, recomputes[0]!.id, 30_000)).toBe('completed');
    expect(await readStoredSummary(await db(), ACME)).toMatchObject(await independentSummary(ACME));
  });
});
