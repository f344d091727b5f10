import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Built into the server package (packages/server/dashboard-dist), which
 * serves it at /dashboard/. `base: './'`: every URL in the page is relative,
 * so it also works when the server is mounted under a path prefix.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: fileURLToPath(new URL('../../packages/server/dashboard-dist/', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1024,
  },
});
