import { Cookies } from '@latchkey/backend/internal';

/** Reads and writes the app's own cookies (`document.cookie` in a browser). */
export interface CookieAccess {
  get(name: string): string | null;
  set(name: string, value: string, attributes: string): void;
}

/** `document.cookie` as a `CookieAccess`, or `null` where there is no document (server rendering). */
export function documentCookies(doc: { cookie: string } | undefined = globalThis.document): CookieAccess | null {
  if (!doc) return null;
  return {
    get(name) {
      for (const part of doc.cookie.split(';')) {
        const eq = part.indexOf('=');
        if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
      }
      return null;
    },
    set(name, value, attributes) {
      doc.cookie = `${name}=${encodeURIComponent(value)}; ${attributes}`;
    },
  };
}

export interface SessionCookieOptions {
  /** `Domain` of the cookies, to share them with subdomains. @default host-only */
  domain?: string;
  /** Add `Secure`. @default true on https pages */
  secure: boolean;
  /** @default 'Lax' */
  sameSite?: 'Lax' | 'Strict' | 'None';
}

const WEEK_SECONDS = 7 * 24 * 3600;

function attributes(options: SessionCookieOptions, maxAgeSeconds: number): string {
  return [
    'Path=/',
    `Max-Age=${maxAgeSeconds}`,
    options.domain ? `Domain=${options.domain}` : '',
    `SameSite=${options.sameSite ?? 'Lax'}`,
    options.secure || options.sameSite === 'None' ? 'Secure' : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/**
 * Keeps the app's `__session` cookie (the active session's token, read by the
 * app's server on page requests) and `__client_uat` in step with the client.
 * `__client_uat` is set to the token's `iat` (never later), so the server's
 * "token older than the last sign-in change" check cannot loop, and to `0`
 * when signed out, which every tab's server requests then see at once.
 */
export function writeSessionCookie(cookies: CookieAccess, jwt: string, iat: number, options: SessionCookieOptions): void {
  // The cookie outlives the 60 s token on purpose: an expired token plus
  // __client_uat > 0 is what tells the app's server to refresh (handshake).
  cookies.set(Cookies.Session, jwt, attributes(options, WEEK_SECONDS));
  const uat = Number(cookies.get(Cookies.ClientUat) ?? '0');
  if (!(uat > 0 && uat <= iat)) cookies.set(Cookies.ClientUat, String(iat), attributes(options, 365 * 24 * 3600));
}

export function clearSessionCookie(cookies: CookieAccess, options: SessionCookieOptions): void {
  cookies.set(Cookies.Session, '', attributes(options, 0));
  cookies.set(Cookies.ClientUat, '0', attributes(options, 365 * 24 * 3600));
}
