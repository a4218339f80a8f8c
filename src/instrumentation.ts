import type { Instrumentation } from 'next';

/** Runs once per server process at startup, outside any request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  (await import('@/server/security/client-address')).stampSocketAddresses();
  const { startTracing } = await import('@/server/observability/tracing');
  startTracing('tally-web');
  const { startWebProcessJobs } = await import('@/server/jobs/web-process');
  startWebProcessJobs();
  const { drain } = await import('@/server/observability/lifecycle');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void drain(signal));
}

/** Every error Next catches while serving: logged with its stack and the request id of its request line. */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { logRequestError } = await import('@/server/observability/request-errors');
  logRequestError(error, request, context);
};
