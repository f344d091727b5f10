import type { FastifyRequest } from 'fastify';

/**
 * A Web `Request` with what authentication reads: method, absolute URL and
 * headers (no body; Fastify keeps the stream).
 */
export function toRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, String(value));
  }
  const host = request.headers.host ?? 'localhost';
  return new Request(`${request.protocol}://${host}${request.url}`, { method: request.method, headers });
}
