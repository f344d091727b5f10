import type { IncomingMessage } from 'node:http';
import { requestUrl } from './to-request-like.js';

/**
 * A Web `Request` carrying what authentication reads from a Node request:
 * method, URL (protocol from the socket or `X-Forwarded-Proto`, host from
 * `Host`) and headers. No body: authentication never reads it, and the
 * framework still needs the stream. The middleware itself passes a lighter
 * object (`toRequestLike`); this is for code that wants a real `Request`.
 */
export function toRequest(req: IncomingMessage & { originalUrl?: string; protocol?: string }): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return new Request(requestUrl(req), { method: req.method ?? 'GET', headers });
}
