/** Benchmark twin of /bench/locked without auth (public in proxy.ts). */
export default function OpenBenchPage() {
  return <p>bench page</p>;
}
