/**
 * The dashboard's only way to the server: the Backend API through the
 * same-origin proxy (`api/v1/…`, relative to /dashboard/), authenticated by
 * the HttpOnly dashboard cookie. Errors keep the API's `code` and
 * `meta.param_name` so forms can show them next to the field.
 */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly paramName?: string,
  ) {
    super(message);
  }
}

export const SIGNED_OUT_EVENT = 'latchkey-dashboard:signed-out';

async function request<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiFailure(0, 'network_error', 'The server did not answer. Is it running?');
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const first = (body as { errors?: { code?: string; long_message?: string; message?: string; meta?: { param_name?: string } }[] } | null)?.errors?.[0];
    const failure = new ApiFailure(
      response.status,
      first?.code ?? `http_${response.status}`,
      first?.long_message ?? first?.message ?? `The server answered ${response.status}`,
      first?.meta?.param_name,
    );
    if (failure.code === 'signed_out') window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
    throw failure;
  }
  return body as T;
}

/** A Backend API call: `api('/users?query=ada')` → `GET /v1/users?query=ada` with the secret key, via the proxy. */
export function api<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  return request<T>(`api/v1${path}`, init);
}

export const dashboardSession = {
  get: () => request<{ id: string; expire_at: number }>('api/session'),
  signIn: (secretKey: string) => request<{ id: string }>('api/session', { method: 'POST', body: { secret_key: secretKey } }),
  signOut: () => request<unknown>('api/session', { method: 'DELETE' }),
};

/** Query strings without undefined/empty values. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
