import 'server-only';
import type { JobDefinition } from './define';
import { invoicesImportJob } from './invoices-import';
import { summaryReconcileJob } from './summary-reconcile';
import { summaryRecomputeJob } from './summary-recompute';

/** Every job a worker process runs. */
export const JOBS: readonly JobDefinition[] = [summaryRecomputeJob, invoicesImportJob, summaryReconcileJob];
