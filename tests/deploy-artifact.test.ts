import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

/**
 * No container engine runs in CI: the deployment files are checked by structure instead. compose.yaml
 * through a YAML parser (with merge keys, as Compose reads them), the Dockerfile instruction by instruction.
 */

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  ports?: string[];
}

const compose = parse(readFileSync('compose.yaml', 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const APPS = ['app-1', 'app-2', 'app-3'];
const envSchema = readFileSync('src/server/env.ts', 'utf8');

describe('compose.yaml', () => {
  it('has Postgres and Redis with healthchecks, a migration step, a worker, three app instances and a proxy', () => {
    expect(Object.keys(services).sort()).toEqual(['app-1', 'app-2', 'app-3', 'migrate', 'postgres', 'proxy', 'redis', 'worker']);
    expect(services.postgres!.healthcheck?.test).toContain('pg_isready');
    expect(services.redis!.healthcheck?.test?.join(' ')).toContain('redis-cli ping');
    expect(services.migrate!.command?.join(' ')).toContain('scripts/migrate.ts');
    expect(services.migrate!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(services.worker!.command?.join(' ')).toContain('scripts/worker.ts');
  });

  it('starts the app and the worker only after the migration succeeded and the stores are healthy', () => {
    for (const name of [...APPS, 'worker']) {
      expect(services[name]!.depends_on, name).toEqual({
        migrate: { condition: 'service_completed_successfully' },
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
    expect(services.proxy!.depends_on).toEqual(Object.fromEntries(APPS.map((app) => [app, { condition: 'service_healthy' }])));
  });

  it('gives every instance the same database, Redis, secrets and server-actions key, and a name of its own', () => {
    const shared = ['DATABASE_URL', 'REDIS_URL', 'BETTER_AUTH_SECRET', 'BETTER_AUTH_URL', 'NEXT_SERVER_ACTIONS_ENCRYPTION_KEY'];
    const environments = [...APPS, 'worker', 'migrate'].map((name) => services[name]!.environment ?? {});
    for (const key of shared) {
      expect(environments[0]![key], key).toBeTruthy();
      for (const environment of environments) expect(environment[key], key).toBe(environments[0]![key]);
    }
    expect(new Set(APPS.map((app) => services[app]!.environment!.TALLY_INSTANCE)).size).toBe(3);
    // The worker process works the queue; the web instances only enqueue.
    for (const app of APPS) expect(services[app]!.environment!.TALLY_WORKER).toBe('0');
    expect(services.worker!.healthcheck?.disable).toBe(true);
  });

  it('only sets variables the app declares (src/server/env.ts) or Next and Postgres read', () => {
    const known = new Set(['NEXT_SERVER_ACTIONS_ENCRYPTION_KEY', 'POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB']);
    for (const [name, service] of Object.entries(services)) {
      for (const key of Object.keys(service.environment ?? {})) {
        expect(known.has(key) || envSchema.includes(`  ${key}:`), `${name}: ${key}`).toBe(true);
      }
    }
  });

  it('routes the proxy to the three instances', () => {
    const nginx = readFileSync('deploy/nginx.conf', 'utf8');
    for (const app of APPS) expect(nginx).toContain(`server ${app}:3000`);
    expect(services.proxy!.image).toMatch(/^nginx:/);
  });
});

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function instructions(text: string): { keyword: string; args: string }[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword!.toUpperCase(), args: rest.join(' ') };
    });
}

describe('Dockerfile', () => {
  const all = instructions(readFileSync('Dockerfile', 'utf8'));
  const stageStarts = all.flatMap((instruction, index) => (instruction.keyword === 'FROM' ? [index] : []));
  const runtime = all.slice(stageStarts.at(-1));

  it('builds in stages and copies the build output into a final stage', () => {
    const stages = all.filter((i) => i.keyword === 'FROM').map((i) => /\bAS\s+(\S+)/i.exec(i.args)?.[1]);
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(stages).toContain('build');
    expect(runtime.some((i) => i.keyword === 'COPY' && i.args.includes('--from=build') && i.args.includes('.next'))).toBe(true);
    expect(all.some((i) => i.keyword === 'RUN' && i.args.includes('next build'))).toBe(true);
  });

  it('copies patches/ in before every npm ci, whose postinstall applies them to Next', () => {
    const installs = all.flatMap((instruction, index) =>
      instruction.keyword === 'RUN' && instruction.args.startsWith('npm ci') ? [index] : [],
    );
    expect(installs.length).toBe(2);
    for (const install of installs) {
      const stage = all.slice(stageStarts.filter((start) => start < install).at(-1), install);
      expect(stage.some((i) => i.keyword === 'COPY' && i.args === 'patches ./patches')).toBe(true);
    }
  });

  it('runs as a user that is not root, with a readiness healthcheck and Node as PID 1 serving npm start (admission guard) and handling SIGTERM', () => {
    const users = runtime.filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime.find((i) => i.keyword === 'HEALTHCHECK')?.args).toContain('/api/health/ready');
    const command = runtime.find((i) => i.keyword === 'CMD')!.args;
    expect(JSON.parse(command)).toEqual(['node', 'scripts/start.mjs']);
    expect(runtime.find((i) => i.keyword === 'ENV')?.args).toContain('NEXT_MANUAL_SIG_HANDLE=1');
  });
});
