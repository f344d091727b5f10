import { createAuthenticator, createLatchkeyClient, type AuthenticateRequestOptions, type ProtectOptions, type ProtectParams, type RequestState } from '@latchkey/backend';
import { AuthProtectError, isLatchkeyError, LatchkeyErrorCode } from '@latchkey/backend/errors';
import { authenticateNow, withEnvFallbacks } from '@latchkey/backend/internal';
import type { ErrorRequestHandler, NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from 'express';
import { getAuth } from './get-auth.js';
import { toRequestLike } from './to-request-like.js';

/** Options of `latchkeyMiddleware`; unset keys fall back to `LATCHKEY_*` env. */
export type LatchkeyMiddlewareOptions = AuthenticateRequestOptions;

function applyHeaders(res: ExpressResponse, headers: Headers): void {
  for (const [name, value] of headers) {
    if (name === 'set-cookie') res.append('set-cookie', value);
    else res.setHeader(name, value);
  }
}

async function send(res: ExpressResponse, response: Response): Promise<void> {
  applyHeaders(res, response.headers);
  res.status(response.status).send(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
}

function applyState(state: RequestState, req: ExpressRequest, res: ExpressResponse, next: NextFunction): void {
  applyHeaders(res, state.headers);
  if (state.status === 'handshake') {
    res.status(307).end();
    return;
  }
  req.auth = state.toAuth();
  next();
}

/**
 * Authenticates every request (no network per request once keys are loaded)
 * and attaches `req.auth`. Handshake redirects are answered here; nothing is
 * rejected: protect with `requireAuth()` or `getAuth(req).protect()`.
 * @example app.use(latchkeyMiddleware())
 */
export function latchkeyMiddleware(options: LatchkeyMiddlewareOptions = {}): RequestHandler {
  const resolved = withEnvFallbacks(options, process.env);
  const client = createLatchkeyClient(resolved);
  const authenticate = createAuthenticator({
    ...resolved,
    mintTemplateToken: resolved.mintTemplateToken ?? (async (sessionId, template) => (await client.sessions.getToken(sessionId, template)).jwt),
  });
  return (req, res, next) => {
    const request = toRequestLike(req);
    let now: RequestState | undefined;
    try {
      now = authenticateNow(authenticate, request);
    } catch (error) {
      return next(error);
    }
    // A repeat of a recently verified token (or no token) is answered without a promise.
    if (now !== undefined) return applyState(now, req, res, next);
    authenticate(request).then((state) => applyState(state, req, res, next), next);
  };
}

/**
 * Lets the request through only when signed in (and, with `params`, holding
 * the role or permission): otherwise a page is redirected to sign-in and an
 * API call gets 401/403 JSON.
 * @example app.get('/admin', requireAuth({ role: 'org:admin' }), handler)
 */
export function requireAuth(params?: ProtectParams, options?: ProtectOptions): RequestHandler {
  return (req, res, next) => {
    try {
      getAuth(req).protect(params, options);
    } catch (error) {
      if (error instanceof AuthProtectError) return void send(res, error.response).catch(next);
      return next(error);
    }
    next();
  };
}

/**
 * Turns `auth.protect()` failures thrown inside handlers, and malformed
 * paths refused by a route matcher, into their HTTP answers. Add it after your routes.
 * @example app.use(latchkeyErrorHandler())
 */
export function latchkeyErrorHandler(): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (isLatchkeyError(error, LatchkeyErrorCode.AuthProtect)) return void send(res, (error as AuthProtectError).response).catch(next);
    if (isLatchkeyError(error, LatchkeyErrorCode.MalformedPath)) {
      return void res.status(400).json({ errors: [{ code: 'malformed_path', message: error.message }] });
    }
    next(error);
  };
}
