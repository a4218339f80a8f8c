import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';
import { layerBoundaries } from './eslint/layer-boundaries.mjs';

const config = [
  ...nextVitals,
  ...nextTypescript,
  { ignores: ['.next/**', '.data/**', '.e2e/**', '.stryker-tmp/**', 'reports/**', 'drizzle/**', 'next-env.d.ts'] },
  // Vitest helpers named use* are not React hooks.
  { files: ['e2e/**', 'tests/**'], rules: { 'react-hooks/rules-of-hooks': 'off' } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Layers point down only and never in a circle (docs/architecture.md).
  {
    files: ['src/**/*.{ts,tsx}', 'packages/**/*.{ts,tsx,mjs}'],
    plugins: { tally: layerBoundaries },
    // Cycles are ours to find: the import plugin never parses dependencies.
    settings: { 'import/ignore': ['node_modules'] },
    rules: {
      'import/no-cycle': ['error', { ignoreExternal: true }],
      'tally/no-server-in-client-code': 'error',
    },
  },
  // Links go through src/components/link.tsx, which turns prefetching off (docs/decisions/032).
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/components/link.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'next/link', message: "Use { Link } from '@/components/link' (no prefetching, decision 032)." }] },
      ],
    },
  },
];

export default config;
