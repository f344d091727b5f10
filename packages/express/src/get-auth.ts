import type { Auth } from '@latchkey/backend';
import { LatchkeyConfigError } from '@latchkey/backend/errors';
import type { Request } from 'express';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by `latchkeyMiddleware()`. */
      auth?: Auth;
    }
  }
}

/**
 * The Auth object `latchkeyMiddleware()` attached to this request.
 * @example app.get('/me', (req, res) => res.json({ userId: getAuth(req).userId }))
 */
export function getAuth(req: Request): Auth {
  if (!req.auth) throw new LatchkeyConfigError('getAuth(req) needs latchkeyMiddleware() to run first: app.use(latchkeyMiddleware()).');
  return req.auth;
}
