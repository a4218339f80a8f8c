import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The Vitest side of mutation testing (docs/mutation-testing.md): one narrow project per Stryker
 * target, so a mutant runs only the focused tests that cover it, in one worker (the machine is shared).
 * `vitest.mutation.<target>.ts` picks the test files; `stryker.<target>.json` picks the mutated files.
 */
const alias = {
  '@': fileURLToPath(new URL('./src', import.meta.url)),
  'server-only': fileURLToPath(new URL('./tests/support/empty.ts', import.meta.url)),
};

export function mutationConfig(
  name: string,
  include: string[],
  test: { setupFiles?: string[]; env?: Record<string, string>; exclude?: string[] } = {},
) {
  return defineConfig({
    resolve: { alias },
    test: {
      name,
      include,
      testTimeout: 60_000,
      hookTimeout: 120_000,
      maxWorkers: 1,
      fileParallelism: false,
      ...test,
    },
  });
}
