import { ApiError } from './errors.js';
import { ApiErrorCode } from './error-codes.js';

/**
 * Reads a JSON or form-encoded body, refusing more than `maxBytes` (413)
 * whatever Content-Length claims, and malformed input (400). An empty body
 * reads as `{}`.
 */
export async function readBody(request: Request, maxBytes: number): Promise<Record<string, unknown>> {
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = await readBodyBytes(request, maxBytes);
  if (!bytes) return {};
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(400, ApiErrorCode.MalformedRequestBody, 'The request body is not valid UTF-8');
  }
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(text)) out[key] = value;
    return out;
  }
  if (type === 'application/json' || type === '' || type.endsWith('+json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ApiError(400, ApiErrorCode.MalformedRequestBody, 'The request body is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ApiError(400, ApiErrorCode.MalformedRequestBody, 'The request body must be a JSON object');
    }
    return parsed as Record<string, unknown>;
  }
  throw new ApiError(415, ApiErrorCode.UnsupportedMediaType, 'Send application/json or application/x-www-form-urlencoded');
}

/**
 * Reads a body's bytes as they stream in, refusing (413) as soon as they pass
 * `maxBytes`, so a body without Content-Length cannot fill memory either.
 * Null when there is no body or it is empty.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array | null> {
  if (!request.body) return null;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return size === 0 ? null : Buffer.concat(chunks);
}

const tooLarge = (maxBytes: number) =>
  new ApiError(413, ApiErrorCode.RequestBodyTooLarge, `The request body is larger than ${maxBytes} bytes`);
