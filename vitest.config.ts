import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources: the `@latchkey/source` export
// condition points every workspace package at its `src/` entry, so no build is
// needed before `npm test`, and cross-package imports still go through each
// package's public `exports` (never another package's `src/` path).
// (Not 'import'/'default': Vite always applies them, and vitest forwards these
// conditions to Node, where a forced 'import' makes require() load ESM builds.)
const conditions = ['@latchkey/source', 'node'];

// The backend suite runs a second time as an edge runtime would load it, on
// the WebCrypto seam. Vitest always adds the `node` condition back to a
// project's resolve conditions, so the seam is pinned with an alias instead
// (jwt/crypto-seam.test.ts checks which implementation each run got).
const edgeConditions = ['@latchkey/source', 'edge-light', 'worker'];
const webCryptoSeam = fileURLToPath(new URL('./packages/backend/src/jwt/crypto-verify.web.ts', import.meta.url));

const shared = {
  testTimeout: 20_000,
  hookTimeout: 30_000,
  pool: 'forks',
} as const;

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@latchkey/source'] } },
  test: {
    ...shared,
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/src/**/*.test.tsx', 'bench/**/*.test.ts'],
        },
      },
      {
        // @latchkey/react in real Chromium (Debian's /usr/bin/chromium via playwright-core).
        extends: true,
        test: {
          name: 'react-browser',
          include: ['packages/react/e2e/**/*.e2e.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        // examples/nextjs in real Chromium against `next build && next start`, embedded and standalone.
        extends: true,
        test: {
          name: 'nextjs-e2e',
          include: ['examples/nextjs/e2e/**/*.e2e.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        // apps/dashboard: unit tests, and the dashboard in real Chromium against a real server.
        extends: true,
        test: {
          name: 'dashboard',
          include: ['apps/dashboard/src/**/*.test.ts', 'apps/dashboard/e2e/**/*.e2e.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        // Not `extends: true`: Vite concatenates arrays when merging, which
        // would bring the `node` condition back in.
        resolve: { conditions: edgeConditions, alias: { '#crypto-verify': webCryptoSeam } },
        ssr: { resolve: { conditions: edgeConditions, externalConditions: ['@latchkey/source'] } },
        test: {
          ...shared,
          name: 'backend-edge',
          environment: 'edge-runtime',
          include: ['packages/backend/src/**/*.test.ts'],
          // Tests that need node:* (or run the node seam on purpose) end in .node.test.ts.
          exclude: ['packages/backend/src/**/*.node.test.ts'],
        },
      },
    ],
  },
});
