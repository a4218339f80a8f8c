/** Runs once per server process at startup, outside any request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // The build loads this file too; only a serving process may open the database.
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startWebProcessJobs } = await import('@/server/jobs/web-process');
  startWebProcessJobs();
}
