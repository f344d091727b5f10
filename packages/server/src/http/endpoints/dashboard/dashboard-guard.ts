/**
 * What every dashboard API call must show: the dashboard cookie, and proof
 * that the request comes from the dashboard's own page (CSRF). The
 * router's usual "allowed origin" is not enough here: app origins such as
 * http://localhost:3000 are allowed for the Frontend API, are same-site with
 * the server (ports do not make a site), so a SameSite=Strict cookie would
 * ride along from them, and CORS would let them read answers. So only the
 * dashboard's own origin is accepted: the Origin header when the browser
 * sends one (every non-GET fetch), else `Sec-Fetch-Site: same-origin`.
 */
import type { EndpointArea } from '../../endpoint.js';
import { ApiError } from '../../errors.js';
import { ApiErrorCode } from '../../error-codes.js';
import type { RequestContext } from '../../endpoint.js';
import { DASHBOARD_COOKIE, resolveDashboardSession, type DashboardSession } from './dashboard-session.js';

/**
 * The dashboard API's area: `public` to the router, because the router's
 * origin rule (any allowed app origin) is both too loose (see above) and too
 * narrow (it does not know the address the server was reached at, such as
 * http://127.0.0.1:4400 next to http://localhost:4400). Every dashboard API
 * handler calls `assertSameOrigin` itself, for every method.
 */
export const DASHBOARD_API_AREA: EndpointArea = 'public';

/** The origins the dashboard itself is served from: the public URL's, and the one this request was addressed to. */
export function dashboardOrigins(rc: Pick<RequestContext, 'url' | 'domain'>): Set<string> {
  return new Set([new URL(rc.domain.config.publicUrl).origin, rc.url.origin]);
}

export function assertSameOrigin(rc: Pick<RequestContext, 'request' | 'url' | 'domain'>): void {
  const origin = rc.request.headers.get('origin');
  const site = rc.request.headers.get('sec-fetch-site');
  const ok = origin !== null ? dashboardOrigins(rc).has(origin) && (site === null || site === 'same-origin') : site === 'same-origin';
  if (!ok) throw new ApiError(403, ApiErrorCode.OriginInvalid, 'Dashboard requests must come from the dashboard page itself');
}

export async function requireDashboardSession(rc: RequestContext): Promise<DashboardSession> {
  assertSameOrigin(rc);
  const session = await resolveDashboardSession(rc.domain, rc.cookies[DASHBOARD_COOKIE]);
  if (!session) throw new ApiError(401, ApiErrorCode.SignedOut, 'Sign in to the dashboard with the instance secret key');
  return session;
}

export const isHttps = (rc: Pick<RequestContext, 'url' | 'domain'>) =>
  rc.url.protocol === 'https:' || new URL(rc.domain.config.publicUrl).protocol === 'https:';
