import { defineConfig } from 'vitest/config';
import base from './vitest.config';

/**
 * The suites StrykerJS runs against each mutant (`npm run test:mutation`): PGlite and, when REDIS_URL
 * is set, the Redis handler's. One backend is enough to tell a mutant from the original.
 */
export default defineConfig({
  test: {
    projects: (base.test?.projects ?? []).filter(
      (project) => typeof project === 'object' && 'test' in project && ['pglite', 'redis'].includes(String(project.test?.name)),
    ),
  },
});
