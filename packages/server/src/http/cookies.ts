/** Cookie parsing and serialising (RFC 6265), enough for our own cookies. */
export function parseCookies(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue; // the first (most specific path) wins
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

export interface CookieOptions {
  maxAgeSeconds?: number;
  path?: string;
  domain?: string | null;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'lax' | 'strict' | 'none';
}

export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  let cookie = `${name}=${encodeURIComponent(value)}`;
  if (options.maxAgeSeconds !== undefined) {
    cookie += `; Max-Age=${Math.floor(options.maxAgeSeconds)}`;
    if (options.maxAgeSeconds <= 0) cookie += '; Expires=Thu, 01 Jan 1970 00:00:00 GMT';
  }
  if (options.domain) cookie += `; Domain=${options.domain}`;
  cookie += `; Path=${options.path ?? '/'}`;
  if (options.httpOnly) cookie += '; HttpOnly';
  if (options.secure) cookie += '; Secure';
  if (options.sameSite) cookie += `; SameSite=${options.sameSite[0]!.toUpperCase()}${options.sameSite.slice(1)}`;
  return cookie;
}
