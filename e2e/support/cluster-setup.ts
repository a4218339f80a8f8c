import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { sharedEnvironment, startInstances } from '../../scripts/cluster/instances.mjs';
import { startRoundRobinProxy } from '../../scripts/cluster/proxy.mjs';
import { deleteRedisKeys } from '../../scripts/redis-keys.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: { instances: string[]; proxy: string; databaseUrl: string } | { skipped: string };
  }
}

/**
 * Three instances on a throwaway Postgres database and their own Redis key prefix, plus the
 * round-robin proxy; all removed afterwards.
 */
export default async function setup(project: TestProject) {
  const { DATABASE_URL, REDIS_URL } = process.env;
  if (!DATABASE_URL || !REDIS_URL) {
    project.provide('cluster', {
      skipped: `the multi-instance suite needs ${DATABASE_URL ? 'REDIS_URL' : 'DATABASE_URL (Postgres)'}`,
    });
    return;
  }
  const firstPort = Number(process.env.E2E_CLUSTER_PORT ?? 3311);
  const name = `tally_cluster_${randomBytes(4).toString('hex')}`;
  const admin = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  const prefix = `tally-e2e-cluster-${name}`;
  const env = sharedEnvironment({
    publicUrl: `http://127.0.0.1:${firstPort - 1}`,
    env: { ...process.env, DATABASE_URL: url.toString(), TALLY_CACHE_PREFIX: prefix, TALLY_DEMO: '1' },
  });
  const instances = await startInstances({ count: 3, firstPort, env });
  const proxy = await startRoundRobinProxy({ port: firstPort - 1, instances });
  project.provide('cluster', {
    instances: instances.map((instance) => instance.url),
    proxy: `http://127.0.0.1:${firstPort - 1}`,
    databaseUrl: url.toString(),
  });
  return async () => {
    await proxy.close();
    await Promise.all(instances.map((instance) => instance.stop()));
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await deleteRedisKeys(REDIS_URL, prefix);
  };
}
