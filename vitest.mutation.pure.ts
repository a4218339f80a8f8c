import { mutationConfig } from './vitest.mutation.config.js';

/** Graph, tags, fan-out, roles, policies and the action/route choke points: unit tests, no database. */
export default mutationConfig('mutation-pure', [
  'tests/graph.test.ts',
  'tests/graph-edges.test.ts',
  'tests/invalidate-fanout.test.ts',
  'tests/policy.test.ts',
  'tests/unit.test.ts',
  'tests/authed-action.test.ts',
  'tests/authed-route.test.ts',
]);
