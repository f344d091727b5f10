// @vitest-environment node
// What an app's bundler keeps of @latchkey/js: the helpers it shares with
// @latchkey/backend (publishable key, `o`/`fea` decoding) come through
// `@latchkey/backend/internal`, which also exports verification code; with
// `sideEffects: false` none of that, and so no jose, may reach the browser.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the browser bundle', () => {
  it('tree-shakes @latchkey/backend down to the shared helpers: no jose, no node:*, no verification code', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      conditions: ['@latchkey/source'],
      minify: true,
      metafile: true,
      logLevel: 'silent',
    });
    const output = result.metafile.outputs[Object.keys(result.metafile.outputs)[0]!]!;
    const kept = Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path);
    expect(kept.filter((path) => /node_modules\/jose|^node:/.test(path))).toEqual([]);
    const backend = kept.filter((path) => path.includes('packages/backend/'));
    expect(backend.length).toBeGreaterThan(0);
    expect(backend.filter((path) => /jwt\/verify|jwks\/|crypto-verify|verified-token-cache|api\//.test(path))).toEqual([]);
    expect(result.outputFiles[0]!.text).not.toMatch(/jwtVerify|importSPKI|createRemoteJWKSet/);
  });
});
