import { auth } from '@latchkey/nextjs/server';

/** Benchmark: the same page as /bench/open, protected. */
export default async function LockedBenchPage() {
  await auth.protect();
  return <p>bench page</p>;
}
