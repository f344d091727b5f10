import type { RequestLike } from '@latchkey/backend';
import type { Context } from 'hono';

/** The Node request @hono/node-server exposes as `c.env.incoming` (structurally; no node:* import). */
interface IncomingLike {
  headers: Record<string, string | string[] | undefined>;
  method?: string;
}

function incomingOf(c: Context): IncomingLike | undefined {
  const env = c.env as { incoming?: unknown } | undefined;
  const incoming = typeof env === 'object' && env !== null ? env.incoming : undefined;
  return typeof incoming === 'object' && incoming !== null && typeof (incoming as IncomingLike).headers === 'object'
    ? (incoming as IncomingLike)
    : undefined;
}

class IncomingHeaders {
  readonly #headers: IncomingLike['headers'];
  constructor(headers: IncomingLike['headers']) {
    this.#headers = headers;
  }
  get(name: string): string | null {
    const value = this.#headers[name.toLowerCase()];
    if (value === undefined) return null;
    return typeof value === 'string' ? value : value.join(', ');
  }
}

// A class, not an object literal with a getter (V8 builds those slowly).
class NodeServerRequestLike implements RequestLike {
  readonly method: string;
  readonly headers: IncomingHeaders;
  readonly #c: Context;
  constructor(c: Context, incoming: IncomingLike) {
    this.#c = c;
    this.method = c.req.method;
    this.headers = new IncomingHeaders(incoming.headers);
  }
  get url(): string {
    return this.#c.req.url;
  }
}

/**
 * What authentication reads. Under @hono/node-server the headers are read
 * straight from the Node request (`c.env.incoming`): its Web-`Headers`
 * stand-in validates the name and scans the ~700-character Authorization
 * value with a regex on every `get`, which cost more than the rest of a
 * cached verification (bench/routes.ts). Everywhere else (Workers, Deno,
 * Bun, `app.request()`) it is the runtime's own `Request`.
 * @internal
 */
export function toRequestLike(c: Context): RequestLike {
  const incoming = incomingOf(c);
  return incoming === undefined ? c.req.raw : new NodeServerRequestLike(c, incoming);
}
