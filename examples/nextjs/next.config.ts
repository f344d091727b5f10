import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');

/**
 * Inside this monorepo every `@latchkey/*` package is used from its
 * TypeScript source (the `@latchkey/source` export condition, with
 * NodeNext-style `.js` specifiers naming `.ts` files), so the example runs
 * without building the packages first. Turbopack can be told neither, so the
 * example builds with webpack (`next build --webpack`). Outside the monorepo
 * the condition matches nothing and the published `dist/` is used.
 */
const inMonorepo = existsSync(join(repoRoot, 'packages/nextjs/src'));

const nextConfig: NextConfig = {
  // auth.protect() answers 401/403 in route handlers through unauthorized()/forbidden().
  experimental: { authInterrupts: true },
  transpilePackages: ['@latchkey/backend', '@latchkey/js', '@latchkey/react', '@latchkey/nextjs', '@latchkey/server'],
  webpack(config: { resolve: { conditionNames?: string[]; extensionAlias?: Record<string, string[]> } }) {
    if (inMonorepo) {
      config.resolve.conditionNames = ['@latchkey/source', ...(config.resolve.conditionNames ?? ['...'])];
      config.resolve.extensionAlias = { ...config.resolve.extensionAlias, '.js': ['.ts', '.tsx', '.js'] };
    }
    return config;
  },
  outputFileTracingRoot: repoRoot,
  // Native and driver packages of the embedded auth server stay plain Node requires.
  serverExternalPackages: ['better-sqlite3', 'pg', 'ioredis'],
  // The repository's own `npm run typecheck` covers the sources; the build needn't repeat it.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
};

export default nextConfig;
