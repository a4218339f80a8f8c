/** Runs once per server process at startup, outside any request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  (await import('@/server/security/client-address')).stampSocketAddresses();
  const { startWebProcessJobs } = await import('@/server/jobs/web-process');
  startWebProcessJobs();
}
