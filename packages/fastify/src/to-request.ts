import type { FastifyRequest } from 'fastify';
import { requestUrl } from './to-request-like.js';

/**
 * A Web `Request` with what authentication reads: method, absolute URL and
 * headers (no body; Fastify keeps the stream). The plugin itself passes a
 * lighter object (`toRequestLike`); this is for code that wants a real `Request`.
 */
export function toRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, String(value));
  }
  return new Request(requestUrl(request), { method: request.method, headers });
}
