/**
 * `npm run bench [-- name …]`: runs the benchmarks side by side with their
 * baselines in one process and prints figures and ratios. Ratios, not
 * absolute numbers, are what we claim (they survive a different machine).
 */
import { fmt, type BenchModule, type BenchReport } from './lib/measure.js';
import { mintBench } from './mint.js';
import { nextjsBench } from './nextjs.js';
import { routesBench } from './routes.js';
import { verifyBench } from './verify.js';
import { revocationBench } from './revocation.js';
import { refreshStoresBench } from './refresh-stores.js';
import { sessions1mBench } from './sessions-1m.js';

const modules: BenchModule[] = [mintBench, verifyBench, routesBench, nextjsBench];
// Scale-out (issue 8): need PostgreSQL and Redis (LATCHKEY_BENCH_PG_URL / LATCHKEY_BENCH_REDIS_URL, else the test URLs, else local defaults).
modules.push(revocationBench, refreshStoresBench, sessions1mBench);

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = wanted.length ? modules.filter((m) => wanted.includes(m.name)) : modules;
if (selected.length === 0) {
  console.error(`No benchmark named ${wanted.join(', ')}. Available: ${modules.map((m) => m.name).join(', ')}`);
  process.exit(2);
}

function print(report: BenchReport): void {
  console.log(`\n## ${report.name}`);
  for (const row of report.rows) {
    console.log(`  ${row.label.padEnd(72)} ${row.opsPerSec !== undefined ? `${fmt(row.opsPerSec)} ops/s` : (row.value ?? '')}`);
  }
  for (const ratio of report.ratios) {
    console.log(`  ratio  ${ratio.label.padEnd(65)} ${ratio.value.toFixed(2)}x${ratio.target ? `  (target ${ratio.target})` : ''}`);
  }
  for (const note of report.notes ?? []) console.log(`  note   ${note}`);
}

console.log(`Latchkey benchmarks — node ${process.version}, ${new Date().toISOString()}`);
for (const module of selected) {
  console.log(`\nrunning ${module.name}: ${module.description}`);
  print(await module.run());
}
