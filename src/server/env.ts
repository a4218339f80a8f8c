import 'server-only';

import { z } from 'zod';

const flag = z.enum(['0', '1']).optional();

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    TALLY_DATA_DIR: z.string().min(1).default('.data/pglite'),
    TALLY_DEMO: flag,
    TALLY_SEED: flag,
    /** End-to-end tests only: lets a demo write fail on purpose (src/server/demo/adapter.ts). */
    TALLY_TEST_SWITCHES: flag,
    TALLY_INSTANCE: z.string().min(1).optional(),
    BETTER_AUTH_SECRET: z.string().min(32).optional(),
    /** Defaults to this process's own origin, so `PORT=4000 npm start` signs in without INVALID_ORIGIN. */
    BETTER_AUTH_URL: z.url().optional(),
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    TALLY_WORKER: flag,
    TALLY_JOB_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
    TALLY_RECONCILE_EVERY_MINUTES: z.coerce.number().int().min(1).max(59).optional(),
    TALLY_REVALIDATE_URLS: z
      .string()
      .transform((list) =>
        list
          .split(',')
          .map((url) => url.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url({ protocol: /^https?$/ })).min(1))
      .optional(),
    TALLY_INTERNAL_SECRET: z.string().min(32).optional(),
    /** How long a team invitation stays open after it is sent or resent (default 7 days). */
    TALLY_INVITATION_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(24 * 7),
    TALLY_BENCH: flag,
    // Shared with the Redis cache handler (packages/next-redis-cache), which reads it itself.
    TALLY_CACHE_PREFIX: z.string().min(1).default('tally'),
    TALLY_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
    // Read by @tally/next-redis-cache itself (it cannot import this module); listed so a typo fails early.
    REDIS_CLUSTER_NODES: z
      .string()
      .regex(/^\s*[^,:\s]+:\d+\s*(,\s*[^,:\s]+:\d+\s*)*$/, 'host:port,host:port,…')
      .optional(),
    TALLY_CACHE_LOG_ENTRIES: z.coerce.number().int().min(100).optional(),
    TALLY_METRICS_TOKEN: z.string().min(16).optional(),
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    TALLY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TALLY_LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    TALLY_CACHE_LOCAL_MB: z.coerce.number().min(0).default(64),
    /** Benchmarks only: a cache handler that stores nothing (bench/bypass-cache-handler.mjs). */
    TALLY_CACHE_BYPASS: flag,
  })
  .transform((vars) => ({ ...vars, BETTER_AUTH_URL: vars.BETTER_AUTH_URL ?? `http://localhost:${vars.PORT}` }));

export type Env = z.infer<typeof envSchema>;

let parsed: Env | undefined;

/** Validates a set of variables; an empty one (DATABASE_URL= in a shell) means unset, as it does for most tools. */
export function parseEnv(vars: Record<string, string | undefined>): Env {
  const set = Object.fromEntries(Object.entries(vars).filter(([, value]) => value !== ''));
  const result = envSchema.safeParse(set);
  if (!result.success) {
    throw new Error(`Invalid environment:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** Parsed lazily so `next build` never fails on runtime-only variables. */
export function env(): Env {
  parsed ??= parseEnv(process.env);
  return parsed;
}

/** Demo mode lists the demo accounts on /sign-in; on by default for the embedded database. */
export function isDemoMode(): boolean {
  const { TALLY_DEMO, DATABASE_URL } = env();
  return TALLY_DEMO ? TALLY_DEMO === '1' : !DATABASE_URL;
}

/** Whether this web process works the job queue; by default only the embedded database's single process does. */
export function runsJobWorkerInWebProcess(): boolean {
  const { TALLY_WORKER, DATABASE_URL } = env();
  return TALLY_WORKER ? TALLY_WORKER === '1' : !DATABASE_URL;
}

/** Benchmarks only: serves the framework-floor page and the query counter (bench/http.mjs). */
export function isBenchMode(): boolean {
  return env().TALLY_BENCH === '1';
}
