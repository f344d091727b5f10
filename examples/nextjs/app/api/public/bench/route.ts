/** Benchmark twin of /api/bench without auth (public in proxy.ts). */
export function GET() {
  return Response.json({ ok: true });
}
