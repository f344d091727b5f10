import { createAuthenticator, createLatchkeyClient, type AuthenticateRequestOptions, type ProtectOptions, type ProtectParams, type RequestAuthenticator, type RequestState } from '@latchkey/backend';
import { AuthProtectError, isLatchkeyError, LatchkeyErrorCode } from '@latchkey/backend/errors';
import { authenticateNow, withEnvFallbacks } from '@latchkey/backend/internal';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { env } from 'hono/adapter';
import { AUTH_KEY, getAuth } from './get-auth.js';
import { toRequestLike } from './to-request-like.js';

/** Options of `latchkeyMiddleware`; unset keys fall back to `LATCHKEY_*` from the runtime's env (`hono/adapter`). */
export type LatchkeyMiddlewareOptions = AuthenticateRequestOptions;

function build(options: LatchkeyMiddlewareOptions, vars: Record<string, string | undefined>): RequestAuthenticator {
  const resolved = withEnvFallbacks(options, vars);
  const client = createLatchkeyClient(resolved);
  return createAuthenticator({
    ...resolved,
    mintTemplateToken: resolved.mintTemplateToken ?? (async (sessionId, template) => (await client.sessions.getToken(sessionId, template)).jwt),
  });
}

/**
 * Authenticates every request and sets the Auth object on the context;
 * answers handshake redirects; turns `auth.protect()` failures thrown by
 * later handlers into their 307/401/403 answers.
 * @example app.use('*', latchkeyMiddleware())
 */
export function latchkeyMiddleware(options: LatchkeyMiddlewareOptions = {}): MiddlewareHandler {
  // Validate eagerly where the config is already visible (options or
  // process.env); on Workers-style runtimes env arrives with the first request.
  const processEnv = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  let authenticate: RequestAuthenticator | undefined;
  try {
    authenticate = build(options, processEnv);
  } catch (error) {
    if (!isLatchkeyError(error, LatchkeyErrorCode.Config)) throw error;
  }
  return (c, next) => {
    if (authenticate === undefined) {
      // env(c) is process.env on Node and the bindings on Workers; bindings passed
      // to app.fetch/app.request are on c.env everywhere.
      const bindings = typeof c.env === 'object' && c.env !== null ? (c.env as Record<string, unknown>) : {};
      const vars: Record<string, string | undefined> = { ...env<Record<string, string | undefined>>(c) };
      for (const [k, v] of Object.entries(bindings)) if (typeof v === 'string') vars[k] = v;
      authenticate = build(options, vars);
    }
    const like = toRequestLike(c);
    // A repeat of a recently verified token (or no token) is answered without awaiting.
    const now = authenticateNow(authenticate, like);
    return now !== undefined ? proceed(c, next, now) : authenticate(like).then((state) => proceed(c, next, state));
  };
}

// Not an async function: Hono's compose already awaits each layer, and the
// common request (answered synchronously above) then costs one promise, next()'s.
function proceed(c: Context, next: Next, state: RequestState): Promise<Response | void> {
  if (state.status === 'handshake') return Promise.resolve(new Response(null, { status: 307, headers: state.headers }));
  c.set(AUTH_KEY, state.toAuth());
  for (const cookie of state.headers.getSetCookie()) c.header('set-cookie', cookie, { append: true });
  return next().then(() => {
    if (isLatchkeyError(c.error, LatchkeyErrorCode.AuthProtect)) c.res = (c.error as AuthProtectError).response;
  });
}

/**
 * Lets the request through only when signed in (and holding the role or
 * permission): otherwise 307 to sign-in for pages, 401/403 JSON for API calls.
 * @example app.get('/admin', requireAuth({ role: 'org:admin' }), (c) => c.text('hi'))
 */
export function requireAuth(params?: ProtectParams, options?: ProtectOptions): MiddlewareHandler {
  return (c: Context, next) => {
    try {
      getAuth(c).protect(params, options);
    } catch (error) {
      if (error instanceof AuthProtectError) return Promise.resolve(error.response);
      throw error;
    }
    return next();
  };
}
