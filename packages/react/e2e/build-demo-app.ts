import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** Builds the demo page (Vite, React, the workspace sources via the @latchkey/source condition) into `outDir`. */
export async function buildDemoApp(outDir: string): Promise<void> {
  await build({
    root: fileURLToPath(new URL('./app/', import.meta.url)),
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    resolve: { conditions: ['@latchkey/source', 'module', 'browser', 'production'] },
    esbuild: { jsx: 'automatic' },
    build: { outDir, emptyOutDir: true, sourcemap: false, minify: false, reportCompressedSize: false },
  });
}
