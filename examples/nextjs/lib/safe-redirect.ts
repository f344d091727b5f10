/** Only same-app paths: `redirect_url` must never send someone to another site. */
export function safeRedirect(value: string | string[] | undefined, appHost: string | null, fallback = '/dashboard'): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !appHost) return fallback;
  try {
    const url = new URL(raw, `http://${appHost}`);
    if (url.host !== appHost || (url.protocol !== 'http:' && url.protocol !== 'https:')) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
