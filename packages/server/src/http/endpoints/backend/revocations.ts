/**
 * The revocation feed for verifiers (`@latchkey/backend`'s
 * `createRevocationFeed`): a snapshot to poll, and a server-sent-events
 * stream that starts with the snapshot and then carries each revocation as
 * it happens. Both need the secret key: the feed lists session and user ids.
 */
import { z } from 'zod';
import type { RevocationEntry, RevocationHub } from '../../../domain/revocations/revocation-hub.js';
import { defineEndpoint } from '../../endpoint.js';
import { ApiError } from '../../errors.js';
import { ApiErrorCode } from '../../error-codes.js';
import { json } from '../../respond.js';

/** How often the stream says it is alive; verifiers treat a silent stream as down after a few of these. */
export const REVOCATION_STREAM_PING_MS = 5000;

function hubOf(domain: { revocations?: RevocationHub }): RevocationHub {
  if (!domain.revocations) throw new ApiError(503, ApiErrorCode.ServiceUnavailable, 'The revocation feed is not running on this instance');
  return domain.revocations;
}

export const listRevocations = defineEndpoint({
  method: 'GET',
  path: '/v1/revocations',
  area: 'backend',
  summary: 'Revocations that can still match an unexpired token (poll fallback of the stream)',
  query: z.object({ since: z.coerce.number().int().min(0).optional() }),
  async handler(rc) {
    const snapshot = await hubOf(rc.domain).snapshot();
    const since = rc.query.since;
    const entries =
      since === undefined ? snapshot.entries : snapshot.entries.filter((e) => (e.type === 'session' ? e.revoked_at : e.revoked_before) >= since);
    return json({ object: 'revocation_list', ...snapshot, entries });
  },
});

export const streamRevocations = defineEndpoint({
  method: 'GET',
  path: '/v1/revocations/stream',
  area: 'backend',
  summary: 'Server-sent events: a snapshot, then each revocation as it happens, and a ping every 5 s',
  async handler(rc) {
    const hub = hubOf(rc.domain);
    // An endless body only for clients that asked for one (EventSource and
    // the SDK send this); anything else learns where to go instead.
    if (!rc.request.headers.get('accept')?.includes('text/event-stream')) {
      throw new ApiError(406, ApiErrorCode.NotAcceptable, 'Send Accept: text/event-stream, or poll GET /v1/revocations');
    }
    const encoder = new TextEncoder();
    let cleanup = () => {};
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (event: string, data: unknown) => {
          try {
            controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
          } catch {
            cleanup();
          }
        };
        // Subscribe before reading the snapshot, so nothing falls between them.
        const queued: RevocationEntry[] = [];
        let live = false;
        const unsubscribe = hub.subscribe((entry) => (live ? send('revocation', entry) : queued.push(entry)));
        // Pings carry the retention too: a JWT template with a longer lifetime created later reaches verifiers within one ping.
        const ping = setInterval(() => send('ping', { server_time: rc.domain.now(), max_token_lifetime_seconds: hub.stats.maxTokenLifetimeSeconds }), REVOCATION_STREAM_PING_MS);
        ping.unref?.();
        cleanup = () => {
          clearInterval(ping);
          unsubscribe();
          rc.request.signal.removeEventListener('abort', cleanup);
        };
        rc.request.signal.addEventListener('abort', cleanup);
        controller.enqueue(encoder.encode('retry: 1000\n\n'));
        try {
          send('snapshot', await hub.snapshot());
        } catch {
          cleanup();
          controller.error(new Error('snapshot failed'));
          return;
        }
        live = true;
        for (const entry of queued) send('revocation', entry);
      },
      cancel() {
        cleanup();
      },
    });
    return new Response(stream, {
      status: 200,
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
    });
  },
});
