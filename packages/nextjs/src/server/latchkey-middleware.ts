import { createLatchkeyClient, type Auth, type LatchkeyClient, type ProtectOptions, type ProtectParams, type SignedInAuth } from '@latchkey/backend';
import { AuthProtectError, MalformedPathError } from '@latchkey/backend/errors';
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server.js';
import { isStaticPath } from './constants.js';
import { applyStateCookies, forwardAuth } from './forward-auth.js';
import { registry } from './registry.js';
import { resolveClientOptions, type LatchkeyNextOptions } from './resolve-options.js';

/** `auth` as the middleware handler receives it: call it for the Auth object, or `auth.protect()`. */
export interface MiddlewareAuth {
  (): Promise<Auth>;
  /** Signed in (and authorized) returns the Auth; otherwise ends the request with a redirect to sign-in, 401 or 403. */
  protect(params?: ProtectParams, options?: ProtectOptions): Promise<SignedInAuth>;
  /** Ends the request with a redirect to sign-in and back to this URL. */
  redirectToSignIn(options?: { returnBackUrl?: string | null }): never;
}

/** The user's handler: may return a Response (redirect, rewrite, `NextResponse.next()` with headers) or nothing. */
export type LatchkeyMiddlewareHandler = (auth: MiddlewareAuth, request: NextRequest, event: NextFetchEvent) => unknown;

/** The Next.js middleware (`middleware.ts`) / proxy (`proxy.ts`) function. */
export type LatchkeyMiddleware = (request: NextRequest, event: NextFetchEvent) => Promise<Response>;

function jsonError(status: number, code: string, message: string): Response {
  return Response.json({ errors: [{ code, message, long_message: message }] }, { status });
}

/**
 * Authenticates every request the matcher lets through (Bearer header or
 * `__session` cookie), refreshes an expired cookie token in-line when it can
 * (embedded or same-site auth server; a redirect handshake only otherwise),
 * runs your handler with the Auth object, and passes auth on to `auth()` in
 * route handlers, server components and server actions.
 * @example
 * // proxy.ts (Next 16) or middleware.ts (Next 15)
 * const isProtected = createRouteMatcher(['/dashboard(.*)']);
 * export default latchkeyMiddleware(async (auth, req) => {
 *   if (isProtected(req)) await auth.protect();
 * });
 */
export function latchkeyMiddleware(handler?: LatchkeyMiddlewareHandler, options?: LatchkeyNextOptions): LatchkeyMiddleware;
export function latchkeyMiddleware(options?: LatchkeyNextOptions): LatchkeyMiddleware;
export function latchkeyMiddleware(
  handlerOrOptions?: LatchkeyMiddlewareHandler | LatchkeyNextOptions,
  maybeOptions?: LatchkeyNextOptions,
): LatchkeyMiddleware {
  const handler = typeof handlerOrOptions === 'function' ? handlerOrOptions : undefined;
  const options = (typeof handlerOrOptions === 'function' ? maybeOptions : handlerOrOptions) ?? {};
  const mountPath = options.embedded?.mountPath ?? null;
  let client: Promise<LatchkeyClient> | undefined;

  function getClient(): Promise<LatchkeyClient> {
    if (!client) {
      client = resolveClientOptions(options).then((resolved) => {
        const r = registry();
        r.options = resolved;
        if (options.embedded) r.embedded = options.embedded;
        const c = createLatchkeyClient(resolved);
        r.client = Promise.resolve(c);
        return c;
      });
      client.catch(() => {
        client = undefined;
      });
    }
    return client;
  }

  return async function middleware(request, event) {
    const { pathname } = request.nextUrl;
    // Static files and the embedded auth server's own routes are never authenticated.
    if (isStaticPath(pathname) || (mountPath && (pathname === mountPath || pathname.startsWith(`${mountPath}/`)))) {
      return NextResponse.next();
    }
    const latchkey = await getClient();
    const state = await latchkey.authenticateRequest(request);
    if (state.status === 'handshake') return new Response(null, { status: 307, headers: state.headers });
    const authObject = state.toAuth();

    const auth = Object.assign(async () => authObject, {
      protect: async (params?: ProtectParams, protectOptions?: ProtectOptions) => authObject.protect(params, protectOptions),
      redirectToSignIn: (o?: { returnBackUrl?: string | null }) => authObject.redirectToSignIn(o),
    }) as MiddlewareAuth;

    let response: Response;
    try {
      const result = handler ? await handler(auth, request, event) : undefined;
      response = result instanceof Response ? result : NextResponse.next();
    } catch (error) {
      if (error instanceof AuthProtectError) response = error.response;
      else if (error instanceof MalformedPathError) response = jsonError(400, 'malformed_path', error.message);
      else throw error;
    }
    // Only responses that continue to the app carry auth downstream.
    if (response.headers.has('x-middleware-next') || response.headers.has('x-middleware-rewrite')) {
      forwardAuth(response, request, state);
    }
    return applyStateCookies(response, state);
  };
}
