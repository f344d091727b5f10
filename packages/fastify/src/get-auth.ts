import type { Auth } from '@latchkey/backend';
import { LatchkeyConfigError } from '@latchkey/backend/errors';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the Latchkey plugin. */
    auth: Auth | null;
  }
}

/**
 * The Auth object the Latchkey plugin attached to this request.
 * @example fastify.get('/me', async (request) => ({ userId: getAuth(request).userId }))
 */
export function getAuth(request: FastifyRequest): Auth {
  if (!request.auth) throw new LatchkeyConfigError('getAuth(request) needs the Latchkey plugin: fastify.register(latchkeyPlugin).');
  return request.auth;
}
