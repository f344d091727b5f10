/**
 * Each endpoint is declared once, as data (better-auth's createAuthEndpoint):
 * method, path, who may call it, input schemas and rate-limit buckets. The
 * router, the typed clients and the "no 5xx on bad input" fuzz test all read
 * these declarations.
 */
import type { z } from 'zod';
import type { RateLimits } from '../config/schema.js';
import type { DomainContext } from '../domain/context.js';
import type { InstanceSettings } from '../domain/settings/instance-settings.js';
import type { ClientRecord } from '../store/contract.js';

/**
 * `frontend`: browsers, authenticated by the `__client` cookie; state changes need an allowed Origin.
 * `backend`: servers, `Authorization: Bearer <secret key>`.
 * `public`: anyone (JWKS).
 * `page`: hosted HTML pages; form posts need an allowed Origin.
 */
export type EndpointArea = 'frontend' | 'backend' | 'public' | 'page';
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestContext<Body = unknown, Query = unknown> {
  request: Request;
  url: URL;
  params: Record<string, string>;
  body: Body;
  query: Query;
  domain: DomainContext;
  settings: InstanceSettings;
  requestId: string;
  clientIp: string | null;
  userAgent: string | null;
  /** The request's Origin when it is one of the allowed origins; otherwise null. */
  origin: string | null;
  cookies: Record<string, string>;
  /** Headers added to the response (Set-Cookie and the like). */
  responseHeaders: Headers;
  /** The browser's client, from the `__client` cookie (null when absent or wrong). */
  client(): Promise<ClientRecord | null>;
  isAllowedOrigin(origin: string): boolean;
}

export interface RateLimitBucket<Body> {
  rule: keyof RateLimits;
  /** What the limit counts by; null skips this bucket for the request. */
  key(request: { clientIp: string | null; body: Body }): string | null;
}

export interface Endpoint<Body = unknown, Query = unknown> {
  method: HttpMethod;
  /** Hono path syntax: `/v1/sessions/:id`. */
  path: string;
  area: EndpointArea;
  summary: string;
  body?: z.ZodType<Body>;
  query?: z.ZodType<Query>;
  rateLimits?: RateLimitBucket<Body>[];
  handler(rc: RequestContext<Body, Query>): Promise<Response>;
}

export function defineEndpoint<Body = Record<string, never>, Query = Record<string, never>>(
  endpoint: Endpoint<Body, Query>,
): Endpoint<Body, Query> {
  return endpoint;
}

// Endpoints are stored in one heterogeneous list.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEndpoint = Endpoint<any, any>;
