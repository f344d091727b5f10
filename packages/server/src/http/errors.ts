import type { Logger } from '../config/schema.js';
import { isDomainError } from '../domain/errors.js';
import { isStoreUnavailableError } from '../store/scale-out-contract.js';
import { ApiErrorCode, domainErrorStatus } from './error-codes.js';
import { json } from './respond.js';

/** An error with its HTTP status and code, thrown anywhere in the HTTP layer. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly meta?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export interface ErrorBody {
  errors: { code: string; message: string; long_message: string; meta?: Record<string, unknown> }[];
  clerk_trace_id?: string;
}

/**
 * The one place errors become responses: `{ errors: [{ code, message,
 * long_message, meta? }] }`. Anything not expected is a bug: it is logged
 * with the request id and answered 500 without details.
 */
export function toErrorResponse(error: unknown, requestId: string, logger: Logger): Response {
  let status: number;
  let code: string;
  let message: string;
  let meta: Record<string, unknown> | undefined;
  let headers: Record<string, string> | undefined;
  if (error instanceof ApiError) {
    ({ status, code, message, meta, headers } = error);
  } else if (isDomainError(error)) {
    status = domainErrorStatus[error.code] ?? 400;
    ({ code, message, meta } = error);
  } else if (isStoreUnavailableError(error)) {
    // Not a bug: the database is down for a moment. Clients may retry.
    status = 503;
    code = ApiErrorCode.ServiceUnavailable;
    message = 'The service is temporarily unavailable; try again shortly';
    headers = { 'retry-after': '1' };
    logger.warn('database unreachable', { requestId });
  } else {
    status = 500;
    code = ApiErrorCode.InternalError;
    message = 'Something went wrong on our side';
    logger.error('unhandled error', { requestId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
  const body: ErrorBody = {
    errors: [{ code, message, long_message: message, ...(meta ? { meta } : {}) }],
    clerk_trace_id: requestId,
  };
  return json(body, status, headers);
}
