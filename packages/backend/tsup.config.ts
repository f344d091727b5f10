import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    errors: 'src/errors.ts',
    internal: 'src/internal.ts',
    jwt: 'src/jwt.ts',
    webhooks: 'src/webhooks.ts',
    revocations: 'src/revocations.ts',
    // The two sides of the `#crypto-verify` seam, picked at runtime by the
    // package.json "imports" conditions; never bundled into the entries.
    'crypto-verify.node': 'src/jwt/crypto-verify.node.ts',
    'crypto-verify.web': 'src/jwt/crypto-verify.web.ts',
  },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['#crypto-verify', 'jose', /^node:/],
});
