import { auth, currentUser } from '@latchkey/nextjs/server';

/** Tokens older than this are refused here (a sensitive route wants a fresh one). */
const MAX_TOKEN_AGE_SECONDS = Number(process.env.MAX_TOKEN_AGE_SECONDS ?? 30);

function error(status: number, code: string, message: string) {
  return Response.json({ errors: [{ code, message, long_message: message }] }, { status });
}

export async function GET(request: Request) {
  const { userId, sessionId, sessionClaims, orgRole } = await auth();
  if (!userId) return error(401, 'signed_out', 'Sign in to continue.');
  const age = Math.floor(Date.now() / 1000) - Number(sessionClaims.iat);
  if (!(age <= MAX_TOKEN_AGE_SECONDS)) {
    return error(401, 'token_too_old', `This route needs a session token at most ${MAX_TOKEN_AGE_SECONDS} s old; fetch a fresh one.`);
  }
  const user = await currentUser();
  return Response.json({
    userId,
    sessionId,
    email: user?.email_addresses[0]?.email_address ?? null,
    role: orgRole ?? (user?.public_metadata?.role as string | undefined) ?? null,
    xUserId: request.headers.get('x-user-id'),
  });
}
