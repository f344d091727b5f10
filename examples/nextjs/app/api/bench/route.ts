import { auth } from '@latchkey/nextjs/server';

/** Benchmark: the same route as /api/public/bench, protected. */
export async function GET() {
  await auth.protect();
  return Response.json({ ok: true });
}
