import { describe, expect, it } from 'vitest';
import { createRevocationFeed } from './feed.js';

/** A server-sent-events response the test writes to, as the auth server would. */
function sseServer() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const requests: Request[] = [];
  const encoder = new TextEncoder();
  let failNext = 0;
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    if (failNext > 0) {
      failNext--;
      throw new TypeError('fetch failed');
    }
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
    });
    init?.signal?.addEventListener('abort', () => controller.error(new Error('aborted')));
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  }) as typeof globalThis.fetch;
  return {
    fetch,
    requests,
    failTimes: (n: number) => (failNext = n),
    send: (event: string, data: unknown) => controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)),
    end: () => controller.close(),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secretKey = 'sk_test_aaaaaaaaaaaaaaaaaaaaaaaa';

describe('revocation feed', () => {
  it('rejects a revoked session and a user revoked after the token was issued, and nothing else', async () => {
    const server = sseServer();
    let t = 1_000_000_000_000;
    const feed = createRevocationFeed({ apiUrl: 'https://auth.test/', secretKey, fetch: server.fetch, now: () => new Date(t) });
    await sleep(0);
    server.send('snapshot', { entries: [{ type: 'session', session_id: 'sess_a', user_id: 'user_1', revoked_at: t - 1000 }], max_token_lifetime_seconds: 65, server_time: t });
    await feed.ready();
    expect(server.requests[0]!.url).toBe('https://auth.test/v1/revocations/stream');
    expect(server.requests[0]!.headers.get('authorization')).toBe(`Bearer ${secretKey}`);
    expect(server.requests[0]!.headers.get('accept')).toBe('text/event-stream');
    const iat = Math.floor(t / 1000) - 10;
    expect(feed.isRevoked({ sid: 'sess_a', sub: 'user_1', iat })).toBe(true);
    expect(feed.isRevoked({ sid: 'sess_b', sub: 'user_1', iat })).toBe(false);

    server.send('revocation', { type: 'user', user_id: 'user_2', revoked_before: t });
    await sleep(10);
    expect(feed.isRevoked({ sid: 'sess_c', sub: 'user_2', iat })).toBe(true);
    // Issued in the revocation's own second or later: judged by its session entry only.
    expect(feed.isRevoked({ sid: 'sess_d', sub: 'user_2', iat: Math.floor(t / 1000) })).toBe(false);
    // Claims of the wrong type never match.
    expect(feed.isRevoked({ sid: 42, sub: ['user_2'], iat: '1' })).toBe(false);
    expect(feed.stats()).toMatchObject({ state: 'live', entries: 2, fallbackToTokenLifetime: false });
    feed.close();
  });

  it('drops an entry once every token it could match has expired', async () => {
    const server = sseServer();
    let t = 1_000_000_000_000;
    const feed = createRevocationFeed({ apiUrl: 'https://auth.test', secretKey, fetch: server.fetch, now: () => new Date(t) });
    await sleep(0);
    server.send('snapshot', { entries: [{ type: 'session', session_id: 'sess_a', user_id: 'user_1', revoked_at: t }], max_token_lifetime_seconds: 2, server_time: t });
    await feed.ready();
    expect(feed.stats().entries).toBe(1);
    t += 2_500;
    await sleep(1100); // the feed prunes once a second
    expect(feed.stats().entries).toBe(0);
    feed.close();
  });

  it('keeps entries for the longest token lifetime the server announces, in its snapshot or in a later ping', async () => {
    const server = sseServer();
    let t = 1_000_000_000_000;
    const feed = createRevocationFeed({ apiUrl: 'https://auth.test', secretKey, fetch: server.fetch, now: () => new Date(t) });
    await sleep(0);
    server.send('snapshot', { entries: [{ type: 'session', session_id: 'sess_a', user_id: 'user_1', revoked_at: t }], max_token_lifetime_seconds: 2, server_time: t });
    await feed.ready();
    // A JWT template living an hour was created: the server's pings now say 3600 s.
    server.send('ping', { server_time: t, max_token_lifetime_seconds: 3600 });
    t += 2_500;
    await sleep(1100);
    expect(feed.isRevoked({ sid: 'sess_a' })).toBe(true);
    // A ping without the figure (an older server) or with a bad one changes nothing.
    server.send('ping', { server_time: t });
    server.send('ping', { server_time: t, max_token_lifetime_seconds: -1 });
    t += 3_600_000;
    await sleep(1100);
    expect(feed.stats().entries).toBe(0);
    feed.close();
  });

  it('reports the fallback to token lifetime while the server is unreachable, and reconnects by itself', async () => {
    const server = sseServer();
    server.failTimes(2);
    const errors: unknown[] = [];
    const feed = createRevocationFeed({ apiUrl: 'https://auth.test', secretKey, fetch: server.fetch, reconnectDelayMs: 10, onError: (e) => errors.push(e) });
    await sleep(5);
    expect(feed.stats()).toMatchObject({ state: 'unreachable', fallbackToTokenLifetime: true });
    await sleep(60);
    server.send('snapshot', { entries: [], max_token_lifetime_seconds: 65, server_time: Date.now() });
    await feed.ready();
    expect(feed.stats()).toMatchObject({ state: 'live', fallbackToTokenLifetime: false, reconnects: 2 });
    expect(errors).toHaveLength(2);
    server.end();
    await sleep(5);
    expect(feed.stats().state).toBe('unreachable');
    feed.close();
    expect(feed.stats().state).toBe('closed');
  });
});
