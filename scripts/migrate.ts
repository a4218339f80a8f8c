// `npm run db:migrate`: applies the pending migrations (drizzle/) to DATABASE_URL, or to the embedded
// database in TALLY_DATA_DIR, then exits. Deployments run it once before starting the new release;
// the app still migrates on start (under the same advisory lock, so a no-op by then), which is what
// keeps `npm start` on the embedded database a one-command affair. It never seeds.
import { openDatabase } from '@/server/db/open';
import { logger } from '@/server/observability/logger';

const started = performance.now();
const database = await openDatabase({ seed: false });
await database.close();
logger.info({ database: database.kind, durationMs: Math.round(performance.now() - started) }, 'migrations applied');
