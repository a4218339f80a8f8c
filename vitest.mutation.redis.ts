import { mutationConfig } from './vitest.mutation.config.js';

/**
 * The Redis cache handler package against its own tests (REDIS_URL must point at a Redis server).
 * Not the cluster test: it reruns the same contract on a 3-master cluster it starts, which adds
 * minutes per mutant and no mutant of its own.
 */
export default mutationConfig('mutation-redis', ['packages/next-redis-cache/test/**/*.test.ts'], {
  exclude: ['packages/next-redis-cache/test/cluster.test.ts'],
});
