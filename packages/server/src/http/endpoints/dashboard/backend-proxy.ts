/**
 * `/dashboard/api/v1/*`: the dashboard's way into the Backend API. A request
 * with a good dashboard cookie from the dashboard's own page is forwarded,
 * with the instance secret key, to the very same Backend API endpoints (the
 * same router pipeline: authentication, validation, rate limits, errors) —
 * and only to those: Frontend API and page routes are not reachable through
 * it. The browser never holds the secret key.
 */
import type { DomainContext } from '../../../domain/context.js';
import { readBodyBytes } from '../../body.js';
import { defineEndpoint, type AnyEndpoint, type HttpMethod, type RequestContext } from '../../endpoint.js';
import { createRouter } from '../../router.js';
import { DASHBOARD_API_AREA, requireDashboardSession } from './dashboard-guard.js';

export const DASHBOARD_API_PREFIX = '/dashboard/api';

type Handle = ReturnType<typeof createRouter>;
const routers = new WeakMap<DomainContext, Promise<Handle>>();

function backendRouter(domain: DomainContext): Promise<Handle> {
  let router = routers.get(domain);
  if (!router) {
    // Imported when first used: the endpoint list includes this file.
    router = import('../index.js').then(({ backendEndpoints }) => createRouter(backendEndpoints, domain));
    routers.set(domain, router);
  }
  return router;
}

async function forward(rc: RequestContext): Promise<Response> {
  const session = await requireDashboardSession(rc);
  const path = rc.url.pathname.slice(DASHBOARD_API_PREFIX.length);
  const headers = new Headers({
    authorization: `Bearer ${rc.domain.config.secretKey}`,
    // Settings changes are audited under this actor (see PATCH /v1/instance).
    'x-latchkey-actor': `dashboard:${session.id}`,
    'x-request-id': rc.requestId,
  });
  const type = rc.request.headers.get('content-type');
  if (type) headers.set('content-type', type);
  const bytes = rc.request.method === 'GET' ? null : await readBodyBytes(rc.request, rc.domain.config.maxBodyBytes);
  // A copy into a fresh ArrayBuffer: what `fetch`'s body type accepts (Buffer.concat may hand out a slice of its pool).
  const body = bytes && new Uint8Array(bytes);
  const inner = new Request(new URL(path + rc.url.search, rc.url.origin), { method: rc.request.method, headers, body });
  const response = await (await backendRouter(rc.domain))(inner, { clientIp: rc.clientIp });
  const out = new Response(response.body, response);
  out.headers.set('cache-control', 'no-store');
  out.headers.delete('vary');
  return out;
}

const METHODS: HttpMethod[] = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

export const dashboardProxyEndpoints: AnyEndpoint[] = METHODS.map((method) =>
  defineEndpoint({
    method,
    path: `${DASHBOARD_API_PREFIX}/v1/*`,
    area: DASHBOARD_API_AREA,
    summary: `Forwards ${method} to the Backend API for a signed-in dashboard (cookie + same origin)`,
    handler: forward,
  }),
);
