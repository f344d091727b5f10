#!/usr/bin/env node
// Enforces the dependency-direction rules of AGENTS.md / STYLE §2.2 on every
// import and export-from in packages/*/src. Prints each violation with its
// file and line, and exits 1 if there is any.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const FRAMEWORKS = /^(react|react-dom|next|express|fastify|hono)(\/|$)/;
const isTest = (file) => /\.test(-d)?\.tsx?$|\/test-utils\/|\/test-support\//.test(file);

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

const rules = [
  {
    why: 'backend and js import no framework',
    applies: (pkg) => pkg === 'backend' || pkg === 'js',
    bad: (spec) => FRAMEWORKS.test(spec),
  },
  {
    why: 'backend and js import no node:* module outside the node seam (*.node.ts) and tests',
    applies: (pkg, file) => (pkg === 'backend' || pkg === 'js') && !file.endsWith('.node.ts') && !isTest(file),
    bad: (spec) => spec.startsWith('node:'),
  },
  {
    why: "backend's only runtime dependency is jose",
    applies: (pkg, file) => pkg === 'backend' && !isTest(file),
    bad: (spec) => !spec.startsWith('.') && !spec.startsWith('#') && !spec.startsWith('node:') && !/^jose(\/|$)/.test(spec),
  },
  {
    why: 'backend jwt/ imports nothing from tokens/ or api/',
    applies: (pkg, file) => pkg === 'backend' && file.includes(`${sep}src${sep}jwt${sep}`),
    bad: (spec) => /(^|\/)(tokens|api)\//.test(spec) && spec.startsWith('.'),
  },
  {
    why: 'the server domain never imports an implementation (store/kysely, cache/redis, drivers) or http/',
    applies: (pkg, file) => pkg === 'server' && file.includes(`${sep}src${sep}domain${sep}`) && !isTest(file),
    bad: (spec) => /store\/kysely|cache\/(redis|memory)|\/http\//.test(spec) || /^(pg|ioredis|better-sqlite3|kysely|hono)(\/|$)/.test(spec),
  },
  {
    why: "no package reaches into another package's src/ (use its exports)",
    applies: () => true,
    bad: (spec) => /^@latchkey\/[^/]+\/src(\/|$)/.test(spec) || /\.\.\/(\.\.\/)*packages\//.test(spec),
  },
];

const importPattern = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const violations = [];
const packagesDir = join(root, 'packages');
for (const pkg of readdirSync(packagesDir)) {
  const src = join(packagesDir, pkg, 'src');
  try {
    statSync(src);
  } catch {
    continue;
  }
  for (const file of walk(src)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(importPattern)) {
      const spec = match[1] ?? match[2];
      // A relative import that climbs out of its own package is a cross-package src/ import.
      if (spec.startsWith('.')) {
        const target = join(file, '..', spec);
        if (!target.startsWith(join(packagesDir, pkg) + sep)) {
          violations.push(`${relative(root, file)}: imports ${spec} — no package reaches into another package's files`);
          continue;
        }
      }
      for (const rule of rules) {
        if (rule.applies(pkg, file) && rule.bad(spec)) {
          const line = text.slice(0, match.index).split('\n').length + 1;
          violations.push(`${relative(root, file)}:${line}: imports ${spec} — ${rule.why}`);
        }
      }
    }
  }
}

if (violations.length) {
  console.error(`Dependency-direction rules broken (${violations.length}):\n${violations.map((v) => `  ${v}`).join('\n')}`);
  process.exit(1);
}
console.log('check-imports: dependency directions are clean');
