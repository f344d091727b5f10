/**
 * `npm run bench [-- name …]`: runs the benchmarks side by side with their
 * baselines in one process and prints figures and ratios. Ratios, not
 * absolute numbers, are what we claim (they survive a different machine).
 */
import { fmt, type BenchModule, type BenchReport } from './lib/measure.js';
import { mintBench } from './mint.js';
import { routesBench } from './routes.js';
import { verifyBench } from './verify.js';

const modules: BenchModule[] = [mintBench, verifyBench, routesBench];

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
