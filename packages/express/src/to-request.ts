import type { IncomingMessage } from 'node:http';

/**
 * A Web `Request` carrying what authentication reads from a Node request:
 * method, URL (protocol from the socket or `X-Forwarded-Proto`, host from
 * `Host`) and headers. No body: authentication never reads it, and the
 * framework still needs the stream.
 */
export function toRequest(req: IncomingMessage & { originalUrl?: string; protocol?: string }): Request {
  const forwarded = req.headers['x-forwarded-proto'];
  const proto =
    (typeof forwarded === 'string' ? forwarded.split(',')[0]!.trim() : undefined) ??
    ((req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http');
  const host = req.headers.host ?? 'localhost';
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return new Request(`${proto}://${host}${req.originalUrl ?? req.url ?? '/'}`, { method: req.method ?? 'GET', headers });
}
