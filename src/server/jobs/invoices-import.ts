import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { MAX_IMPORT_ROWS, parsedImportRow, type ImportRow } from '@/lib/schemas/inspector';
import { invalidate } from '@/server/cache/invalidate';
import { importInvoices } from '@/server/invoices/import';
import type { Actor } from '@/server/mutation';
import { defineJob } from './define';
import { enqueue, type Enqueued } from './enqueue';
import { enqueueSummaryRecompute } from './summary-recompute';

/** Rows per transaction: short enough that a chunk never holds the org's import lock for long. */
export const IMPORT_CHUNK_ROWS = 250;

const payload = z.strictObject({
  importId: z.uuid(),
  orgId: z.string().trim().min(1).max(100),
  actorId: z.string().trim().min(1).max(100),
  rows: z.array(parsedImportRow).min(1).max(MAX_IMPORT_ROWS),
});

/**
 * Imports a large paste chunk by chunk, each in its own transaction marked done by its audit row, so
 * a retry after a crash resumes where the last committed chunk ended. Then the list goes stale and one
 * summary recompute is enqueued (deduped with any other for the org).
 */
export const invoicesImportJob = defineJob({
  name: 'invoices.import',
  payload,
  retry: { retryLimit: 3, retryDelay: 5, expireInSeconds: 600 },
  concurrency: () => 1,
  run: async ({ importId, orgId, actorId, rows }) => {
    let imported = 0;
    for (let start = 0; start < rows.length; start += IMPORT_CHUNK_ROWS) {
      const chunk = rows.slice(start, start + IMPORT_CHUNK_ROWS);
      imported += (await importInvoices({ orgId, userId: actorId }, chunk, { importId, chunk: start / IMPORT_CHUNK_ROWS })).count;
    }
    await invalidate('invoice.import', { orgId }, 'eventual', { source: 'job' });
    await enqueueSummaryRecompute(orgId);
    return { imported, rows: rows.length };
  },
});

export function enqueueInvoiceImport(actor: Actor, rows: ImportRow[]): Promise<Enqueued> {
  return enqueue(invoicesImportJob, { importId: randomUUID(), orgId: actor.orgId, actorId: actor.userId, rows });
}
