/** Small measuring helpers shared by the benchmarks: fixed-duration loops, percentiles, table output. */

export interface BenchRow {
  label: string;
  /** Operations per second (wall clock). */
  opsPerSec?: number;
  /** Free-form figure (latency, count…). */
  value?: string;
}

export interface BenchRatio {
  label: string;
  value: number;
  /** What DESIGN or the issue asks for, e.g. ">= 0.8". */
  target?: string;
}

export interface BenchReport {
  name: string;
  rows: BenchRow[];
  ratios: BenchRatio[];
  notes?: string[];
}

export interface BenchModule {
  name: string;
  description: string;
  run(): Promise<BenchReport>;
}

/** Runs `fn` repeatedly for `ms` (after a warm-up) and returns operations per second. */
export async function opsPerSecond(fn: () => unknown, ms = 2000, warmupMs = 300): Promise<number> {
  const until = (deadline: number) => async () => {
    let n = 0;
    while (performance.now() < deadline) {
      for (let i = 0; i < 16; i++) await fn();
      n += 16;
    }
    return n;
  };
  await until(performance.now() + warmupMs)();
  const start = performance.now();
  const n = await until(start + ms)();
  return (n * 1000) / (performance.now() - start);
}

/** The same, for a synchronous function (no await per call). */
export function opsPerSecondSync(fn: () => unknown, ms = 2000, warmupMs = 300): number {
  const loop = (deadline: number) => {
    let n = 0;
    while (performance.now() < deadline) {
      for (let i = 0; i < 64; i++) fn();
      n += 64;
    }
    return n;
  };
  loop(performance.now() + warmupMs);
  const start = performance.now();
  const n = loop(start + ms);
  return (n * 1000) / (performance.now() - start);
}

/** Runs `worker(i)` with `concurrency` in flight for `ms`; returns completed operations per second. */
export async function opsPerSecondConcurrent(worker: (slot: number) => Promise<unknown>, concurrency: number, ms = 2000, warmupMs = 300): Promise<number> {
  const run = async (duration: number) => {
    const deadline = performance.now() + duration;
    let n = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, slot) => {
        while (performance.now() < deadline) {
          await worker(slot);
          n++;
        }
      }),
    );
    return n;
  };
  await run(warmupMs);
  const start = performance.now();
  const n = await run(ms);
  return (n * 1000) / (performance.now() - start);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
