import { createAuthenticator, createLatchkeyClient, type AuthenticateRequestOptions, type ProtectOptions, type ProtectParams, type RequestState } from '@latchkey/backend';
import { AuthProtectError } from '@latchkey/backend/errors';
import { authenticateNow, withEnvFallbacks } from '@latchkey/backend/internal';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, HookHandlerDoneFunction, preHandlerHookHandler } from 'fastify';
import { getAuth } from './get-auth.js';
import { toRequestLike } from './to-request-like.js';

/** Options of the plugin; unset keys fall back to `LATCHKEY_*` env. */
export type LatchkeyPluginOptions = AuthenticateRequestOptions;

function applyHeaders(reply: FastifyReply, headers: Headers): void {
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) reply.header('set-cookie', cookies);
  for (const [name, value] of headers) {
    if (name !== 'set-cookie') reply.header(name, value);
  }
}

async function send(reply: FastifyReply, response: Response): Promise<FastifyReply> {
  applyHeaders(reply, response.headers);
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  return reply.code(response.status).send(body);
}

function applyState(state: RequestState, request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  applyHeaders(reply, state.headers);
  if (state.status === 'handshake') {
    reply.code(307).send();
    return;
  }
  request.auth = state.toAuth();
  done();
}

const plugin: FastifyPluginAsync<LatchkeyPluginOptions> = async (fastify, options) => {
  const { prefix: _prefix, logLevel: _l, ...rest } = options as LatchkeyPluginOptions & { prefix?: string; logLevel?: string };
  const resolved = withEnvFallbacks(rest, process.env);
  const client = createLatchkeyClient(resolved);
  const authenticate = createAuthenticator({
    ...resolved,
    mintTemplateToken: resolved.mintTemplateToken ?? (async (sessionId, template) => (await client.sessions.getToken(sessionId, template)).jwt),
  });
  fastify.decorateRequest('auth', null);
  // Callback style: the authenticator's one promise is all the hook awaits.
  fastify.addHook('onRequest', (request, reply, done) => {
    const like = toRequestLike(request);
    let now: RequestState | undefined;
    try {
      now = authenticateNow(authenticate, like);
    } catch (error) {
      return done(error as Error);
    }
    // A repeat of a recently verified token (or no token) is answered without a promise.
    if (now !== undefined) return applyState(now, request, reply, done);
    authenticate(like).then((state) => applyState(state, request, reply, done), done);
  });
};

// Applies to the whole instance (the job fastify-plugin does), without depending on it.
(plugin as unknown as Record<symbol, unknown>)[Symbol.for('skip-override')] = true;
(plugin as unknown as Record<symbol, unknown>)[Symbol.for('fastify.display-name')] = '@latchkey/fastify';

/**
 * Authenticates every request and attaches `request.auth`; answers handshake
 * redirects. Protect routes with `requireAuth()` or `getAuth(request).protect()`.
 * @example await fastify.register(latchkeyPlugin, { publishableKey })
 */
export const latchkeyPlugin = plugin;

/**
 * A `preHandler` that lets the request through only when signed in (and
 * holding the role/permission): otherwise 307 to sign-in for pages, 401/403 JSON for API calls.
 * @example fastify.get('/admin', { preHandler: requireAuth({ role: 'org:admin' }) }, handler)
 */
export function requireAuth(params?: ProtectParams, options?: ProtectOptions): preHandlerHookHandler {
  // Callback style: an allowed request passes on synchronously, with no promise.
  return (request, reply, done) => {
    try {
      getAuth(request).protect(params, options);
    } catch (error) {
      if (error instanceof AuthProtectError) {
        send(reply, error.response).catch(done);
        return;
      }
      done(error as Error);
      return;
    }
    done();
  };
}

/**
 * Sends the HTTP answer of an `auth.protect()` failure thrown in a handler;
 * use in your error handler: `if (isProtectError(e)) return sendProtectError(reply, e)`.
 */
export function sendProtectError(reply: FastifyReply, error: AuthProtectError): Promise<FastifyReply> {
  return send(reply, error.response);
}
