/** The cookies one browser holds for the auth server's host: enough of RFC 6265 for tests. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  /** Applies the Set-Cookie headers of a response (Max-Age=0 deletes). */
  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) this.apply(header);
  }

  apply(setCookie: string): void {
    const [pair, ...attributes] = setCookie.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const value = decodeURIComponent(pair!.slice(eq + 1).trim());
    const maxAge = attributes.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith('max-age='));
    if ((maxAge && Number(maxAge.split('=')[1]) <= 0) || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
  }
}
