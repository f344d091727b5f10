import { auth } from '@latchkey/nextjs/server';
import { API_RULE, limitUser } from '../../../lib/rate-limit';

export async function GET() {
  const { userId } = await auth.protect();
  const result = await limitUser(userId);
  const headers = { 'x-ratelimit-limit': String(API_RULE.limit), 'x-ratelimit-remaining': String(result.remaining) };
  if (!result.allowed) {
    const message = 'Too many requests; try again later';
    return Response.json(
      { errors: [{ code: 'too_many_requests', message, long_message: message, meta: { retry_after_seconds: result.retryAfterSeconds } }] },
      { status: 429, headers: { ...headers, 'retry-after': String(result.retryAfterSeconds) } },
    );
  }
  return Response.json({ ok: true, remaining: result.remaining }, { headers });
}
