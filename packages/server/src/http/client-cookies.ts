import { Cookies } from '@latchkey/backend/internal';
import type { RequestContext } from './endpoint.js';
import { serializeCookie, type CookieOptions } from './cookies.js';

const MIN_CLIENT_COOKIE_SECONDS = 365 * 24 * 3600;

function cookieBase(rc: RequestContext): CookieOptions {
  const secure = rc.settings.cookieSecure ?? rc.domain.config.publicUrl.startsWith('https:');
  return { path: '/', secure, sameSite: rc.settings.cookieSameSite };
}

/**
 * Sets the browser's `__client` cookie (HttpOnly: only the auth server reads
 * it) and `__client_uat` (readable, on the configured cookie domain, so the
 * app's middleware knows the browser is signed in and when that changed).
 */
export function setClientCookies(rc: RequestContext, clientCookie: string | null, signedInAtMs: number | null): void {
  const base = cookieBase(rc);
  const maxAge = Math.max(MIN_CLIENT_COOKIE_SECONDS, rc.settings.sessionMaxLifetimeSeconds);
  if (clientCookie !== null) {
    rc.responseHeaders.append('set-cookie', serializeCookie(Cookies.Client, clientCookie, { ...base, httpOnly: true, maxAgeSeconds: maxAge }));
  }
  const uat = signedInAtMs === null ? '0' : String(Math.floor(signedInAtMs / 1000));
  rc.responseHeaders.append(
    'set-cookie',
    serializeCookie(Cookies.ClientUat, uat, { ...base, domain: rc.settings.cookieDomain, maxAgeSeconds: maxAge }),
  );
}

/** The `__session` cookie for the app's domain (written by the handshake and the hosted pages). */
export function sessionCookie(rc: RequestContext, jwt: string | null): string {
  const base = cookieBase(rc);
  return serializeCookie(Cookies.Session, jwt ?? '', {
    ...base,
    domain: rc.settings.cookieDomain,
    maxAgeSeconds: jwt === null ? 0 : rc.settings.sessionMaxLifetimeSeconds,
  });
}

export function clientUatCookie(rc: RequestContext, signedInAtMs: number | null): string {
  return serializeCookie(Cookies.ClientUat, signedInAtMs === null ? '0' : String(Math.floor(signedInAtMs / 1000)), {
    ...cookieBase(rc),
    domain: rc.settings.cookieDomain,
    maxAgeSeconds: Math.max(MIN_CLIENT_COOKIE_SECONDS, rc.settings.sessionMaxLifetimeSeconds),
  });
}
