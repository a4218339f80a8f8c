import 'server-only';
import { z } from 'zod';
import { ok, type Result } from '@/lib/result';
import { importInvoicesInput, INLINE_IMPORT_ROWS, type ImportRow } from '@/lib/schemas/inspector';
import { importRows } from '@/server/invoices/import';
import { enqueueInvoiceImport } from '@/server/jobs/invoices-import';
import { enqueueSummaryRecompute } from '@/server/jobs/summary-recompute';
import { defineMutation, type Written } from '@/server/mutation';
import { logger } from '@/server/observability/logger';

const toInspector = () => '/inspector';

/**
 * A pasted CSV. Up to INLINE_IMPORT_ROWS rows are imported in this transaction, so the redirect shows
 * them (the list tag expires now). A longer paste is too long to hold the request: after the (empty)
 * commit the job takes it, imports it in chunks, each audited, and marks the list stale itself
 * (eventual), so this request has no event.
 */
export const invoiceImport = defineMutation('invoice.import', {
  access: 'admin',
  input: importInvoicesInput,
  redirectTo: toInspector,
  async run(tx, { csv: rows }, actor): Promise<Result<Written<{ forTheJob: ImportRow[] | null }>>> {
    if (rows.length > INLINE_IMPORT_ROWS) return ok({ data: { forTheJob: rows }, event: null });
    const imported = await importRows(tx, actor.orgId, rows);
    return ok({
      data: { forTheJob: null },
      event: { orgId: actor.orgId },
      audit: { subjectId: actor.orgId, details: { ...imported } },
    });
  },
  // Enqueued outside the transaction: on PGlite the queue shares the one connection the transaction holds.
  async afterCommit({ forTheJob }, actor) {
    if (forTheJob) {
      await enqueueInvoiceImport(actor, forTheJob);
      return;
    }
    // Nobody waits for the totals: the job reconciles them in the background (nightly at the latest).
    await enqueueSummaryRecompute(actor.orgId).catch((error: unknown) =>
      logger.error({ err: error, orgId: actor.orgId }, 'could not enqueue the summary recompute'),
    );
  },
});

/** Every cached read of the org expires (the graph's `org.flush`); nothing is stored, so there is no audit row. */
export const orgFlush = defineMutation('org.flush', {
  access: 'admin',
  input: z.object({}),
  redirectTo: toInspector,
  run: async (_tx, _input, actor) => ok({ data: null, event: { orgId: actor.orgId } }),
});
