import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources: the `@latchkey/source` export
// condition points every workspace package at its `src/` entry, so no build is
// needed before `npm test`, and cross-package imports still go through each
// package's public `exports` (never another package's `src/` path).
const conditions = ['@latchkey/source', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
