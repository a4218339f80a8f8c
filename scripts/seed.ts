// `npm run db:seed -- --invoices 100000`: adds a large benchmark organization, "Initech"
// (owner: bench@initech.test, password demo-password), to the configured database.
// Stop the server first when using the embedded database: one PGlite directory, one process.
import { parseArgs } from 'node:util';
import { hashPassword } from 'better-auth/crypto';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { openDatabase } from '@/server/db/open';
import { organization } from '@/server/db/schema';
import { createUser, DEMO_PASSWORD, generateInvoices } from '@/server/db/seed-demo';
import { scopedInvoices } from '@/server/invoices/scoped';

const BENCH_ORG = { id: 'org_initech', name: 'Initech', slug: 'initech' };
const BENCH_OWNER = {
  id: 'usr_bench',
  name: 'Bench Owner',
  email: 'bench@initech.test',
  memberships: [{ orgId: BENCH_ORG.id, role: 'owner' as const }],
};

const { values } = parseArgs({ options: { invoices: { type: 'string', default: '100000' } } });
const count = z.coerce.number().int().min(1).max(2_000_000).parse(values.invoices);

const started = performance.now();
const database = await openDatabase();
try {
  const { db } = database;
  const [existing] = await db.select().from(organization).where(eq(organization.id, BENCH_ORG.id));
  if (!existing) {
    await db.insert(organization).values(BENCH_ORG);
    await createUser(db, BENCH_OWNER, await hashPassword(DEMO_PASSWORD));
  }
  const firstNumber = (await scopedInvoices(BENCH_ORG.id, db).maxNumber()) + 1 || 1;
  await db.transaction((tx) => generateInvoices(tx, { orgId: BENCH_ORG.id, firstNumber, count }));
  // A bulk load leaves the planner without statistics and the visibility map unset (every index-only
  // scan visits the heap) until autovacuum comes by; a live table has both, so give them now.
  await db.execute(sql`VACUUM ANALYZE`);
  const summary = await scopedInvoices(BENCH_ORG.id, db).summary();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Seeded ${count} invoices into ${BENCH_ORG.name} (${database.kind}) in ${seconds} s; active: ${summary.count}.`);
  console.log(`Sign in as ${BENCH_OWNER.email} / ${DEMO_PASSWORD}.`);
} finally {
  await database.close();
}
