/**
 * A minimal browser for the diagnostics: keeps the Frontend API's cookies and
 * sends an allowed Origin, and — like browsers — refuses to store a Secure
 * cookie (or a SameSite=None one without Secure) received over plain http.
 */

export interface DroppedCookie {
  name: string;
  why: 'secure-on-http' | 'samesite-none-without-secure';
}

export class DiagnosticBrowser {
  readonly cookies = new Map<string, string>();
  readonly dropped: DroppedCookie[] = [];
  constructor(
    readonly frontendUrl: string,
    readonly origin: string,
  ) {}

  private store(response: Response): void {
    const secureContext = this.frontendUrl.startsWith('https:');
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attrs] = header.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const lower = attrs.map((a) => a.toLowerCase());
      const secure = lower.includes('secure');
      if (secure && !secureContext) {
        this.dropped.push({ name, why: 'secure-on-http' });
        continue;
      }
      if (lower.includes('samesite=none') && !secure) {
        this.dropped.push({ name, why: 'samesite-none-without-secure' });
        continue;
      }
      const maxAge = lower.find((a) => a.startsWith('max-age='));
      if ((maxAge && Number(maxAge.slice(8)) <= 0) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async fetch(path: string, init: { method?: string; json?: unknown } = {}): Promise<{ status: number; body: any; response: Response }> {
    const headers: Record<string, string> = { origin: this.origin, accept: 'application/json' };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.frontendUrl}${path}`, {
      method: init.method ?? 'GET',
      headers,
      redirect: 'manual',
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
    });
    this.store(response);
    const text = await response.text();
    let body: any = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    return { status: response.status, body, response };
  }

  /** Why the browser holds no `__client` cookie, if one was dropped. */
  droppedClientCookieCause(): string | null {
    const dropped = this.dropped.find((d) => d.name === '__client');
    if (!dropped) return null;
    return dropped.why === 'secure-on-http'
      ? `cookie not set: the server marks __client Secure but the frontend API is plain http (${this.frontendUrl}), so browsers drop it and the user stays signed out (Chrome and Firefox make an exception only for localhost). Serve the frontend API over https, or run latchkey sessions configure --secure auto.`
      : 'cookie not set: __client is SameSite=None without Secure, which browsers reject. Use https with --secure true, or --same-site lax.';
  }
}

export const firstError = (body: any): { code: string; message: string } | null =>
  body && Array.isArray(body.errors) && body.errors[0] ? { code: String(body.errors[0].code), message: String(body.errors[0].long_message ?? body.errors[0].message) } : null;
