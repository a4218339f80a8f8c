import type { TestProject } from 'vitest/node';
import { startServer } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

/** One production server for the browser suite; each test signs in as the demo user it needs. */
export default async function setup(project: TestProject) {
  const server = await startServer(Number(process.env.E2E_PORT ?? 3210));
  project.provide('baseURL', server.url);
  return () => server.stop();
}
