import { backoffDelay, type RetryOptions } from './backoff.js';
import { sleep, type Clock } from './clock.js';
import { LatchkeyClientErrorCode, LatchkeyError, type ApiErrorJson } from './errors.js';

export interface FrontendApiOptions {
  /** The frontend API URL, e.g. `https://auth.example.com`. */
  baseUrl: string;
  fetch: typeof fetch;
  clock: Clock;
  random: () => number;
  retry: Required<RetryOptions>;
}

export interface FrontendRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: Record<string, unknown>;
  /**
   * Retry network failures, 5xx and 429 with backoff. Only for requests that
   * are safe to repeat (reads, token mints, touch). @default false
   */
  retry?: boolean;
}

export type FrontendApi = <T>(request: FrontendRequest) => Promise<T>;

/**
 * The Frontend API transport: the browser's `__client` cookie rides along
 * (`credentials: 'include'`), the browser adds `Origin`, bodies are JSON, and
 * every failure becomes a `LatchkeyError` with the server's code.
 */
export function createFrontendApi(options: FrontendApiOptions): FrontendApi {
  const base = options.baseUrl.replace(/\/+$/, '');

  async function once<T>(request: FrontendRequest): Promise<T> {
    const url = new URL(base + request.path);
    for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(name, value);
    let response: Response;
    try {
      response = await options.fetch(url.toString(), {
        method: request.method,
        credentials: 'include',
        headers: request.body ? { 'content-type': 'application/json' } : {},
        ...(request.body ? { body: JSON.stringify(request.body) } : {}),
      });
    } catch (cause) {
      throw new LatchkeyError({ code: LatchkeyClientErrorCode.NetworkError, message: `Could not reach the Latchkey frontend API (${request.method} ${request.path})`, cause });
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch (cause) {
      throw new LatchkeyError({ code: LatchkeyClientErrorCode.InvalidResponse, message: `The frontend API answered ${response.status} without JSON`, status: response.status, cause });
    }
    if (response.ok) return json as T;
    const errors = Array.isArray((json as { errors?: unknown })?.errors) ? ((json as { errors: ApiErrorJson[] }).errors) : [];
    const first = errors[0];
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new LatchkeyError({
      code: first?.code ?? LatchkeyClientErrorCode.InvalidResponse,
      message: first?.message ?? `The frontend API answered ${response.status}`,
      status: response.status,
      errors,
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    });
  }

  return async function request<T>(request: FrontendRequest): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once<T>(request);
      } catch (error) {
        const e = error as LatchkeyError;
        const transient = e.status === 0 || e.status >= 500 || e.status === 429;
        if (!request.retry || !transient || attempt >= options.retry.maxAttempts) throw error;
        const wait = Math.max(backoffDelay(attempt, options.retry, options.random), (e.retryAfterSeconds ?? 0) * 1000);
        await sleep(options.clock, Math.min(wait, options.retry.maxDelayMs));
      }
    }
  };
}
