/**
 * Signing in to the dashboard: `POST /dashboard/api/session { secret_key }`
 * exchanges the instance secret key for the dashboard cookie (the key itself
 * never stays in the browser); `GET` says whether the cookie is good;
 * `DELETE` signs out.
 */
import { z } from 'zod';
import { hashSecret, safeEqual } from '../../../domain/hash.js';
import { defineEndpoint } from '../../endpoint.js';
import { ApiError } from '../../errors.js';
import { ApiErrorCode } from '../../error-codes.js';
import { json } from '../../respond.js';
import { DASHBOARD_API_AREA, assertSameOrigin, isHttps, requireDashboardSession } from './dashboard-guard.js';
import {
  DASHBOARD_COOKIE,
  DASHBOARD_SESSION_TTL_SECONDS,
  createDashboardSession,
  dashboardCookie,
  deleteDashboardSession,
  resolveDashboardSession,
  type DashboardSession,
} from './dashboard-session.js';

const serialize = (s: DashboardSession) => ({ object: 'dashboard_session', id: s.id, created_at: s.createdAt, expire_at: s.expiresAt });
const noStore = { 'cache-control': 'no-store' };

export const createDashboardSessionEndpoint = defineEndpoint({
  method: 'POST',
  path: '/dashboard/api/session',
  area: DASHBOARD_API_AREA,
  summary: 'Signs in to the dashboard with the instance secret key; sets the HttpOnly dashboard cookie',
  body: z.object({ secret_key: z.string().min(1).max(256) }),
  rateLimits: [{ rule: 'signInPerIp', key: ({ clientIp }) => `dashboard:${clientIp ?? 'unknown'}` }],
  async handler(rc) {
    assertSameOrigin(rc);
    // Both sides hashed first: a constant-time comparison whatever the lengths.
    if (!safeEqual(hashSecret(rc.body.secret_key.trim()), hashSecret(rc.domain.config.secretKey))) {
      throw new ApiError(401, ApiErrorCode.AuthenticationInvalid, 'That is not the secret key of this instance', { param_name: 'secret_key' });
    }
    const previous = await resolveDashboardSession(rc.domain, rc.cookies[DASHBOARD_COOKIE]);
    if (previous) await deleteDashboardSession(rc.domain, previous.id);
    const { session, cookieValue } = await createDashboardSession(rc.domain);
    rc.responseHeaders.append('set-cookie', dashboardCookie(cookieValue, DASHBOARD_SESSION_TTL_SECONDS, isHttps(rc)));
    return json(serialize(session), 200, noStore);
  },
});

export const getDashboardSessionEndpoint = defineEndpoint({
  method: 'GET',
  path: '/dashboard/api/session',
  area: DASHBOARD_API_AREA,
  summary: 'The current dashboard sign-in (401 signed_out when there is none)',
  async handler(rc) {
    return json(serialize(await requireDashboardSession(rc)), 200, noStore);
  },
});

export const deleteDashboardSessionEndpoint = defineEndpoint({
  method: 'DELETE',
  path: '/dashboard/api/session',
  area: DASHBOARD_API_AREA,
  summary: 'Signs out of the dashboard',
  async handler(rc) {
    assertSameOrigin(rc);
    const session = await resolveDashboardSession(rc.domain, rc.cookies[DASHBOARD_COOKIE]);
    if (session) await deleteDashboardSession(rc.domain, session.id);
    rc.responseHeaders.append('set-cookie', dashboardCookie('', 0, isHttps(rc)));
    return json({ object: 'dashboard_session', deleted: true }, 200, noStore);
  },
});
