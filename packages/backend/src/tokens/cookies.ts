/** Reads one cookie from a Cookie header (first occurrence wins), or null. */
export function getCookie(cookieHeader: string | null, name: string): string | null {
  if (!cookieHeader) return null;
  let start = 0;
  while (start < cookieHeader.length) {
    let end = cookieHeader.indexOf(';', start);
    if (end === -1) end = cookieHeader.length;
    const eq = cookieHeader.indexOf('=', start);
    if (eq !== -1 && eq < end && cookieHeader.slice(start, eq).trim() === name) {
      const value = cookieHeader.slice(eq + 1, end).trim();
      return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
    }
    start = end + 1;
  }
  return null;
}

/** The cookie name of a Set-Cookie header value. */
export function setCookieName(setCookie: string): string {
  const eq = setCookie.indexOf('=');
  return eq === -1 ? '' : setCookie.slice(0, eq).trim();
}

/** The cookie value of a Set-Cookie header value. */
export function setCookieValue(setCookie: string): string {
  const eq = setCookie.indexOf('=');
  const semi = setCookie.indexOf(';');
  return setCookie.slice(eq + 1, semi === -1 ? undefined : semi).trim();
}
