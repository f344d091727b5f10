import type { Auth } from '@latchkey/backend';
import { LatchkeyConfigError } from '@latchkey/backend/errors';
import type { Context } from 'hono';

/** The context variable the middleware sets. */
export const AUTH_KEY = 'latchkeyAuth';

declare module 'hono' {
  interface ContextVariableMap {
    latchkeyAuth: Auth;
  }
}

/**
 * The Auth object `latchkeyMiddleware()` set on this context.
 * @example app.get('/me', (c) => c.json({ userId: getAuth(c).userId }))
 */
export function getAuth(c: Context): Auth {
  const auth = c.get(AUTH_KEY);
  if (!auth) throw new LatchkeyConfigError("getAuth(c) needs latchkeyMiddleware() to run first: app.use('*', latchkeyMiddleware()).");
  return auth;
}
