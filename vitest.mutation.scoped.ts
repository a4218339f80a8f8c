import { mutationConfig } from './vitest.mutation.config.js';

/** The scoped modules against the tenancy tests and their own-org edges, on embedded PGlite. */
export default mutationConfig(
  'mutation-scoped',
  ['tests/tenancy.test.ts', 'tests/tenancy-scoped.test.ts', 'tests/scoped-edges.test.ts'],
  {
    setupFiles: ['tests/support/mutation-database.ts'],
    env: { TALLY_TEST_BACKEND: 'pglite', TALLY_DEMO: '1' },
  },
);
