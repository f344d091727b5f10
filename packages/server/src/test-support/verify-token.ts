import type { TestServer } from '@latchkey/testing';
import { createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose';

/** Verifies a token with jose against the JWKS the server serves, at the test clock's time. */
export async function verifyWithServedJwks(t: TestServer, jwt: string): Promise<{ payload: JWTPayload; header: Record<string, unknown> }> {
  const jwks = await (await t.server.fetch(new Request(new URL('/.well-known/jwks.json', t.publicUrl)))).json();
  const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks), {
    currentDate: t.clock?.now(),
    issuer: t.publicUrl,
  });
  return { payload, header: protectedHeader as Record<string, unknown> };
}

export const PASSWORD = 'correct horse battery';
