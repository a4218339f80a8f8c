import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { invoiceTags } from '@/server/cache/tags';
import { database, db } from '@/server/db/client';
import { orgInvoiceSummaries } from '@/server/db/schema';
import { readStoredSummary } from '@/server/invoices/summary';
import { JOB_SCHEMA, jobBoss, stopJobBoss } from '@/server/jobs/boss';
import { waitForJob } from '@/server/jobs/enqueue';
import { enqueueSummaryRecompute, summaryRecomputeJob } from '@/server/jobs/summary-recompute';
import { startJobWorkers } from '@/server/jobs/workers';
import { ACME, GLOBEX, independentSummary, invalidationRows } from './support/fixtures';
import { installCacheHandler, jobRows, removeCacheHandler, until } from './support/jobs';

const SECRET = 'worker-test-secret-0123456789abcdef';
const onPostgres = process.env.TALLY_TEST_BACKEND === 'postgres';

const children: ChildProcess[] = [];
const locks: { release(): Promise<void> }[] = [];
afterEach(async () => {
  removeCacheHandler();
  // A failed test must not leave the row locked for the next one.
  for (const lock of locks.splice(0)) await lock.release();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await stopJobBoss({ graceful: false });
});

async function databaseUrl(): Promise<string> {
  const handle = await database();
  if (handle.kind !== 'postgres') throw new Error('needs Postgres');
  return handle.url;
}

/** `npm run worker` as a child process, without the tsx CLI in between, so SIGKILL reaches the worker itself. */
async function startWorkerProcess(env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/worker.ts'], {
    env: { ...process.env, DATABASE_URL: await databaseUrl(), TALLY_SEED: '0', TALLY_INSTANCE: 'test-worker', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const exit = (timeoutMs = 45_000) =>
    Promise.race([
      exited,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`the worker did not exit; its output:\n${output}`)), timeoutMs),
      ),
    ]);
  return { child, output: () => output, exit };
}

/** Holds the org's summary row lock, so the recompute (which takes it first, decision 004) blocks mid-job. */
async function lockSummaryRow(orgId: string) {
  const sql = postgres(await databaseUrl(), { max: 1, onnotice: () => {} });
  const session = await sql.reserve();
  await session`BEGIN`;
  await session`SELECT 1 FROM org_invoice_summaries WHERE org_id = ${orgId} FOR UPDATE`;
  let released = false;
  const lock = {
    async release() {
      if (released) return;
      released = true;
      await session`ROLLBACK`;
      session.release();
      await sql.end();
    },
  };
  locks.push(lock);
  return lock;
}

async function jobState(id: string): Promise<string | undefined> {
  return (await jobRows(summaryRecomputeJob.name)).find((row) => row.id === id)?.state;
}

/** The job is active and its handler is stuck on the row lock: the worker is mid-job. */
async function waitUntilBlockedMidJob(id: string, output: () => string) {
  await until('the job to become active', async () => (await jobState(id)) === 'active').catch((error: Error) => {
    throw new Error(`${error.message}; worker output:\n${output()}`);
  });
  await until('the recompute to wait on the summary row lock', async () => {
    const { rows } = await (
      await jobBoss()
    )
      .getDb()
      .executeSql(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        [],
      );
    return (rows[0] as { waiting: number }).waiting > 0;
  });
}

async function corruptStoredSummary(orgId: string) {
  await (
    await db()
  )
    .update(orgInvoiceSummaries)
    .set({ invoiceCount: 1, totalCents: 1 })
    .where(eq(orgInvoiceSummaries.orgId, orgId));
}

describe.skipIf(!onPostgres)('npm run worker (a separate process on Postgres)', { timeout: 120_000 }, () => {
  it('on SIGTERM stops taking jobs, finishes the active one (its invalidation reaching the web instance), then exits', async () => {
    const posts: { authorization?: string; body: { tags: string[] } }[] = [];
    const web = createServer(async (request: IncomingMessage, response) => {
      let text = '';
      for await (const chunk of request) text += chunk;
      posts.push({ authorization: request.headers.authorization, body: JSON.parse(text) });
      response.writeHead(204).end();
    }).listen(0, '127.0.0.1');
    await once(web, 'listening');
    const port = (web.address() as AddressInfo).port;
    try {
      await corruptStoredSummary(ACME);
      const lock = await lockSummaryRow(ACME);
      // Without Redis, the internal route is the worker's only way to reach the web instances.
      const worker = await startWorkerProcess({
        REDIS_URL: '',
        TALLY_REVALIDATE_URLS: `http://127.0.0.1:${port}`,
        TALLY_INTERNAL_SECRET: SECRET,
      });
      const { id } = await enqueueSummaryRecompute(ACME);
      await waitUntilBlockedMidJob(id, worker.output);
      await until('the worker to finish starting', async () => worker.output().includes('working the job queue'));

      worker.child.kill('SIGTERM');
      await until('the worker to acknowledge SIGTERM', async () => worker.output().includes('no new jobs'), 15_000);
      const later = await enqueueSummaryRecompute(GLOBEX);
      expect(worker.child.exitCode, worker.output()).toBeNull();

      await lock.release();
      expect(await worker.exit()).toBe(0);
      expect(await jobState(id)).toBe('completed');
      expect(await jobState(later.id)).toBe('created');
      await (await jobBoss()).cancel(summaryRecomputeJob.name, later.id);
      expect(await readStoredSummary(await db(), ACME)).toMatchObject(await independentSummary(ACME));
      expect(posts).toEqual([{ authorization: `Bearer ${SECRET}`, body: { tags: [invoiceTags.summary(ACME)] } }]);
      expect((await invalidationRows()).at(-1)).toMatchObject({
        tag: invoiceTags.summary(ACME),
        source: 'job',
        instance: 'test-worker',
      });
    } finally {
      web.close();
    }
  });

  it('a worker killed mid-job (SIGKILL): the job is retried by another worker and the summary ends correct', async () => {
    await corruptStoredSummary(ACME);
    const lock = await lockSummaryRow(ACME);
    const worker = await startWorkerProcess();
    const { id } = await enqueueSummaryRecompute(ACME);
    await waitUntilBlockedMidJob(id, worker.output);

    worker.child.kill('SIGKILL');
    await worker.exit();
    await lock.release();
    expect(await jobState(id)).toBe('active');

    // Stands in for waiting out the job's expireInSeconds: the supervisor then fails it into a retry.
    const boss = await jobBoss();
    await boss.getDb().executeSql(`UPDATE ${JOB_SCHEMA}.job SET started_on = now() - interval '1 hour' WHERE id = $1`, [id]);
    installCacheHandler();
    await startJobWorkers([summaryRecomputeJob]);
    await boss.maintain();

    expect(await waitForJob(summaryRecomputeJob, id, 30_000)).toBe('completed');
    expect((await jobRows(summaryRecomputeJob.name)).find((row) => row.id === id)?.retry_count).toBe(1);
    expect(await readStoredSummary(await db(), ACME)).toMatchObject(await independentSummary(ACME));
  });
});
