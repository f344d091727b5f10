/**
 * Errors thrown by the browser client. Misuse (a bad publishable key) is a
 * `LatchkeyConfigError` at construction; everything else carries a stable
 * `code`: the Frontend API's snake_case code when the server answered, or one
 * of the client's own codes below.
 */
export const LatchkeyClientErrorCode = {
  /** The request never got an answer (offline, DNS, connection reset, CORS). */
  NetworkError: 'network_error',
  /** The server answered with something that is not the Frontend API's JSON. */
  InvalidResponse: 'invalid_response',
  /** An operation needs a signed-in session and there is none. */
  SignedOut: 'signed_out',
} as const;
export type LatchkeyClientErrorCode = (typeof LatchkeyClientErrorCode)[keyof typeof LatchkeyClientErrorCode];

/** One entry of the Frontend API's `{ errors: [...] }`. */
export interface ApiErrorJson {
  code: string;
  message: string;
  long_message?: string;
  meta?: Record<string, unknown>;
}

export class LatchkeyConfigError extends TypeError {
  override readonly name = 'LatchkeyConfigError';
}

/** A failure with a code: from the server (`status` > 0) or from the client (`status` 0). */
export class LatchkeyError extends Error {
  override readonly name = 'LatchkeyError';
  readonly code: string;
  /** The HTTP status, or 0 when the server never answered. */
  readonly status: number;
  readonly errors: ApiErrorJson[];
  /** Seconds the server asked us to wait (429). */
  readonly retryAfterSeconds: number | null;

  constructor(options: { code: string; message: string; status?: number; errors?: ApiErrorJson[]; retryAfterSeconds?: number | null; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.status = options.status ?? 0;
    this.errors = options.errors ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }

  /** The `meta` of the first server error, when there is one. */
  get meta(): Record<string, unknown> | undefined {
    return this.errors[0]?.meta;
  }
}

/** True for a `LatchkeyError`, also across bundle copies (checks the shape, not only `instanceof`). */
export function isLatchkeyError(value: unknown): value is LatchkeyError {
  return value instanceof LatchkeyError || (value instanceof Error && value.name === 'LatchkeyError' && typeof (value as { code?: unknown }).code === 'string');
}

/** The session named in a request no longer exists for this browser: the state must be reloaded, not retried. */
export function isSessionGone(error: unknown): boolean {
  return isLatchkeyError(error) && (error.code === 'signed_out' || error.code === 'session_not_active' || (error.status === 404 && error.code === 'resource_not_found'));
}
