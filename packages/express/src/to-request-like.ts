import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { RequestLike } from '@latchkey/backend';

type NodeRequest = IncomingMessage & { originalUrl?: string };

/**
 * The absolute URL of a Node request: protocol from `X-Forwarded-Proto` or
 * the socket, host from `Host`, path as received.
 */
export function requestUrl(req: NodeRequest): string {
  const forwarded = req.headers['x-forwarded-proto'];
  const proto =
    (typeof forwarded === 'string' ? forwarded.split(',')[0]!.trim() : undefined) ??
    ((req.socket as { encrypted?: boolean } | undefined)?.encrypted ? 'https' : 'http');
  const host = req.headers.host ?? 'localhost';
  return `${proto}://${host}${req.originalUrl ?? req.url ?? '/'}`;
}

class NodeHeaders {
  readonly #headers: IncomingHttpHeaders;
  constructor(headers: IncomingHttpHeaders) {
    this.#headers = headers;
  }
  get(name: string): string | null {
    const value = this.#headers[name.toLowerCase()];
    if (value === undefined) return null;
    // Node joins repeated headers itself except set-cookie (an array), which
    // Headers.get would join with ", ".
    return typeof value === 'string' ? value : value.join(', ');
  }
}

// A class, not an object literal: a literal with a getter is built through
// V8's slow path (~0.3 µs here), a class instance in a few nanoseconds.
class NodeRequestLike implements RequestLike {
  readonly method: string;
  readonly headers: NodeHeaders;
  readonly #req: NodeRequest;
  constructor(req: NodeRequest) {
    this.#req = req;
    this.method = req.method ?? 'GET';
    this.headers = new NodeHeaders(req.headers);
  }
  get url(): string {
    return requestUrl(this.#req);
  }
}

/**
 * What authentication reads, straight from the Node request: method, header
 * lookups and (only when a handshake or redirect needs it) the URL. Building
 * a Web `Request` instead cost more per request than verifying a repeated
 * token (bench/routes.ts; profile in the README).
 * @internal
 */
export function toRequestLike(req: NodeRequest): RequestLike {
  return new NodeRequestLike(req);
}
