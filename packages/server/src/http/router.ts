import { Hono } from 'hono';
import type { z } from 'zod';
import { Cookies, Headers as HeaderNames } from '@latchkey/backend/internal';
import type { DomainContext } from '../domain/context.js';
import { hashSecret, safeEqual } from '../domain/hash.js';
import { createId } from '../domain/ids.js';
import { hitRateLimit } from '../domain/rate-limit/sliding-window.js';
import { resolveClient } from '../domain/clients/client-token.js';
import type { ClientRecord } from '../store/contract.js';
import { readBody } from './body.js';
import { parseCookies } from './cookies.js';
import type { AnyEndpoint, RequestContext } from './endpoint.js';
import { ApiError, toErrorResponse } from './errors.js';
import { ApiErrorCode } from './error-codes.js';

export interface RequestEnv {
  /** The peer's IP address, when the caller knows it (the Node adapter does). */
  clientIp?: string | null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const CORS_ALLOW_HEADERS = 'authorization, content-type, x-request-id';
const CORS_ALLOW_METHODS = 'GET, POST, PATCH, PUT, DELETE, OPTIONS';

/**
 * Turns the endpoint declarations into one `fetch` handler. Order for each
 * request: size limits, CORS preflight, route, caller check (secret key or
 * Origin), body and query validation, rate limits, handler — and every
 * failure becomes a coded JSON error in one place.
 */
export function createRouter(endpoints: AnyEndpoint[], domain: DomainContext) {
  const app = new Hono<{ Bindings: { env: RequestEnv; requestId: string } }>({ strict: true });
  const secretKeyHash = hashSecret(domain.config.secretKey);

  // Rebuilt only when the settings' origin list changes (settings objects are replaced, never mutated).
  let originsFor: string[] | null = null;
  let origins = new Set<string>();
  const allowedOriginsFrom = (extra: string[]) => {
    if (extra !== originsFor) {
      origins = new Set([domain.config.publicUrl, ...domain.config.allowedOrigins, ...extra]);
      originsFor = extra;
    }
    return origins;
  };

  for (const endpoint of endpoints) {
    app.on(endpoint.method, endpoint.path, async (c) => {
      try {
        return await run(endpoint, c.req.raw, c.req.param() as Record<string, string>, c.env);
      } catch (error) {
        return toErrorResponse(error, c.env.requestId, domain.logger);
      }
    });
  }
  app.notFound((c) =>
    toErrorResponse(new ApiError(404, ApiErrorCode.ResourceNotFound, 'No such endpoint'), c.env.requestId, domain.logger),
  );
  app.onError((error, c) => toErrorResponse(error, c.env.requestId, domain.logger));

  async function run(
    endpoint: AnyEndpoint,
    request: Request,
    params: Record<string, string>,
    { env, requestId }: { env: RequestEnv; requestId: string },
  ): Promise<Response> {
    const settings = await domain.settings.get();
    const allowed = allowedOriginsFrom(settings.allowedOrigins);
    const url = new URL(request.url);
    const originHeader = request.headers.get(HeaderNames.Origin);
    const origin = originHeader && allowed.has(originHeader) ? originHeader : null;

    if (endpoint.area === 'backend') {
      const auth = request.headers.get(HeaderNames.Authorization);
      if (!auth) throw new ApiError(401, ApiErrorCode.AuthorizationHeaderMissing, 'Send the secret key as Authorization: Bearer sk_…');
      const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1] ?? '';
      if (!safeEqual(hashSecret(token), secretKeyHash)) {
        throw new ApiError(401, ApiErrorCode.AuthenticationInvalid, 'The secret key is not valid for this instance');
      }
    } else if ((endpoint.area === 'frontend' || endpoint.area === 'page') && !SAFE_METHODS.has(endpoint.method) && !origin) {
      // Cookies ride along on cross-site requests: a state change is only
      // honoured from an origin we trust (CSRF), whatever the cookie says.
      throw new ApiError(403, ApiErrorCode.OriginInvalid, 'This request must come from an allowed origin');
    }

    const rawBody = endpoint.body ? await readBody(request, domain.config.maxBodyBytes) : {};
    const body = endpoint.body ? validate(endpoint.body, rawBody, 'body') : {};
    const query = endpoint.query ? validate(endpoint.query, Object.fromEntries(url.searchParams), 'query') : {};

    const clientIp = resolveClientIp(request, env, domain.config.trustProxy);
    for (const bucket of endpoint.rateLimits ?? []) {
      const key = bucket.key({ clientIp, body });
      if (key === null) continue;
      const rule = domain.config.rateLimits[bucket.rule];
      const result = await hitRateLimit(domain.cache, `${bucket.rule}:${key}`, rule, domain.now());
      if (!result.allowed) {
        throw new ApiError(429, ApiErrorCode.TooManyRequests, 'Too many requests; try again later', { retry_after_seconds: result.retryAfterSeconds }, {
          'retry-after': String(result.retryAfterSeconds),
        });
      }
    }

    const cookies = parseCookies(request.headers.get('cookie'));
    let client: Promise<ClientRecord | null> | undefined;
    const rc: RequestContext = {
      request,
      url,
      params,
      body,
      query,
      domain,
      settings,
      requestId,
      clientIp,
      userAgent: request.headers.get('user-agent'),
      origin,
      cookies,
      responseHeaders: new Headers(),
      client: () => (client ??= resolveClient(domain, cookies[Cookies.Client])),
      isAllowedOrigin: (o) => allowed.has(o),
    };
    const response = await endpoint.handler(rc);
    rc.responseHeaders.forEach((value, name) => {
      if (name === 'set-cookie') return;
      response.headers.set(name, value);
    });
    for (const cookie of rc.responseHeaders.getSetCookie()) response.headers.append('set-cookie', cookie);
    return response;
  }

  return async function fetch(request: Request, env: RequestEnv = {}): Promise<Response> {
    const incomingId = request.headers.get(HeaderNames.RequestId);
    const requestId = incomingId && /^[\w.-]{1,64}$/.test(incomingId) ? incomingId : createId('req', domain.random);
    let response: Response;
    try {
      assertHeaderSize(request, domain.config.maxHeaderBytes);
      if (request.method === 'OPTIONS') {
        response = await preflight(request);
      } else {
        response = await app.fetch(request, { env, requestId });
      }
    } catch (error) {
      response = toErrorResponse(error, requestId, domain.logger);
    }
    await applyCors(request, response);
    response.headers.set(HeaderNames.RequestId, requestId);
    return response;
  };

  async function preflight(request: Request): Promise<Response> {
    const response = new Response(null, { status: 204 });
    const origin = request.headers.get(HeaderNames.Origin);
    if (origin && allowedOriginsFrom((await domain.settings.get()).allowedOrigins).has(origin)) {
      response.headers.set('access-control-allow-methods', CORS_ALLOW_METHODS);
      response.headers.set('access-control-allow-headers', CORS_ALLOW_HEADERS);
      response.headers.set('access-control-max-age', '600');
    }
    return response;
  }

  async function applyCors(request: Request, response: Response): Promise<void> {
    const origin = request.headers.get(HeaderNames.Origin);
    response.headers.append('vary', 'Origin');
    if (!origin) return;
    if (!allowedOriginsFrom((await domain.settings.get()).allowedOrigins).has(origin)) return;
    response.headers.set('access-control-allow-origin', origin);
    response.headers.set('access-control-allow-credentials', 'true');
    response.headers.set('access-control-expose-headers', 'x-request-id, retry-after');
  }
}

function validate<T>(schema: z.ZodType<T>, input: unknown, where: 'body' | 'query'): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const param = issue.path.map(String).join('.') || where;
  const missing = issue.code === 'invalid_type' && (input as Record<string, unknown>)[String(issue.path[0])] === undefined;
  if (where === 'query') throw new ApiError(400, ApiErrorCode.QueryParamInvalid, `${param}: ${issue.message}`, { param_name: param });
  throw new ApiError(
    422,
    missing ? ApiErrorCode.FormParamMissing : ApiErrorCode.FormParamInvalid,
    missing ? `${param} is required` : `${param}: ${issue.message}`,
    { param_name: param },
  );
}

function assertHeaderSize(request: Request, maxBytes: number): void {
  let size = 0;
  request.headers.forEach((value, name) => {
    size += name.length + value.length + 4;
  });
  size += request.url.length;
  if (size > maxBytes) {
    throw new ApiError(431, ApiErrorCode.RequestHeaderFieldsTooLarge, `Request headers are larger than ${maxBytes} bytes`);
  }
}

function resolveClientIp(request: Request, env: RequestEnv, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return env.clientIp ?? null;
}

