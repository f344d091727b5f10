import { LatchkeyApiError, LatchkeyConfigError, type LatchkeyApiErrorEntry } from '../errors.js';

/** How the Backend API client reaches the server. */
export interface ApiRequestOptions {
  secretKey: string;
  apiUrl: string;
  /** @default 'v1' */
  apiVersion?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

export type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

/** @internal one authenticated Backend API call */
export type ApiRequest = <T>(method: string, path: string, init?: { query?: Query; body?: unknown }) => Promise<T>;

/** Builds the request function every endpoint module uses. Validates options eagerly. */
export function createApiRequest(options: ApiRequestOptions): ApiRequest {
  if (!options.secretKey || !/^sk_(live|test)_/.test(options.secretKey)) {
    throw new LatchkeyConfigError('secretKey (LATCHKEY_SECRET_KEY) is missing or not an sk_live_/sk_test_ key.');
  }
  if (!options.apiUrl) throw new LatchkeyConfigError('apiUrl (LATCHKEY_API_URL) is required.');
  const base = `${options.apiUrl.replace(/\/+$/, '')}/${options.apiVersion ?? 'v1'}`;
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const authorization = `Bearer ${options.secretKey}`;

  return async function request<T>(method: string, path: string, init: { query?: Query; body?: unknown } = {}): Promise<T> {
    const url = new URL(base + path);
    for (const [k, v] of Object.entries(init.query ?? {})) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, item);
      else url.searchParams.set(k, String(v));
    }
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await doFetch(url, {
      method,
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await response.text();
    let data: unknown = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
    if (!response.ok) {
      const errors = ((data as { errors?: LatchkeyApiErrorEntry[] } | null)?.errors ?? []).filter((e) => e && typeof e.code === 'string');
      const first = errors[0];
      throw new LatchkeyApiError(
        response.status,
        errors,
        first ? `${method} ${path}: ${first.code}: ${first.message}` : `${method} ${path}: HTTP ${response.status}`,
      );
    }
    return data as T;
  };
}
