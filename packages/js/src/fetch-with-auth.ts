/**
 * `fetch` that adds `Authorization: Bearer <token>` when there is a session
 * (an explicit `Authorization` header from the caller wins).
 * @example
 * const fetchWithAuth = createFetchWithAuth(() => latchkey.getToken());
 * await fetchWithAuth('/api/orders', { method: 'POST', body });
 */
export function createFetchWithAuth(
  getToken: () => Promise<string | null>,
  doFetch: typeof fetch = (input, init) => globalThis.fetch(input, init),
): (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init = {}) => {
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    if (!headers.has('authorization')) {
      const token = await getToken();
      if (token) headers.set('authorization', `Bearer ${token}`);
    }
    return doFetch(input, { ...init, headers });
  };
}
