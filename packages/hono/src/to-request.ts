import type { Context } from 'hono';

/** Hono already speaks Web `Request`: this is the raw request, unchanged. */
export function toRequest(c: Context): Request {
  return c.req.raw;
}
