/**
 * Webhook retries: a receiver that fails twice and then accepts gets three
 * attempts, spaced by growing, jittered delays (5 s then 20 s, ±20 %), all
 * carrying the same `webhook-id`. Time is driven by the injected clock; the
 * receiver is a real HTTP server on loopback.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestServer, type TestServer } from '@latchkey/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookDispatcher, type WebhookDispatcher } from './webhook-dispatcher.js';

const silent = { info() {}, warn() {}, error() {} };

async function startFlakyReceiver(statuses: number[]) {
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(req.headers);
      res.writeHead(statuses[Math.min(received.length, statuses.length) - 1]!).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('webhook delivery retries', () => {
  let t: TestServer;
  let receiver: Awaited<ReturnType<typeof startFlakyReceiver>>;
  let dispatcher: WebhookDispatcher;

  beforeEach(async () => {
    // The server's own dispatcher is off: this test runs rounds itself, at the times it chooses.
    t = await createTestServer({ webhooks: { enabled: false } });
    receiver = await startFlakyReceiver([500, 500, 200]);
    const ctx = await t.server.context();
    dispatcher = createWebhookDispatcher({ store: ctx.store, secretKey: t.secretKey, now: ctx.now, random: ctx.random, logger: silent });
  });
  afterEach(async () => {
    await dispatcher.stop();
    await receiver.close();
    await t.close();
  });

  it('retries a failing receiver with growing delays until it accepts: three attempts recorded, one webhook-id', async () => {
    const clock = t.clock!;
    const created = await t.backendApi('/v1/webhooks/endpoints', { method: 'POST', json: { url: receiver.url, event_types: ['user.created'] } });
    expect(created.status).toBe(200);
    const endpointId = ((await created.json()) as { id: string }).id;
    expect((await t.backendApi('/v1/users', { method: 'POST', json: { email_address: 'retry@example.com', password: 'retry password 123' } })).status).toBe(200);

    const attemptsAt: number[] = [];
    const round = async () => {
      const before = receiver.received.length;
      await dispatcher.runOnce();
      if (receiver.received.length > before) attemptsAt.push(clock.now().getTime());
      return receiver.received.length - before;
    };

    expect(await round()).toBe(1); // 500
    // Not due again before the shortest first delay (5 s - 20 %)…
    clock.advance(3_900);
    expect(await round()).toBe(0);
    // …and due after the longest (5 s + 20 %).
    clock.advance(2_200);
    expect(await round()).toBe(1); // 500
    clock.advance(15_900); // second delay: 20 s ± 20 %
    expect(await round()).toBe(0);
    clock.advance(8_200);
    expect(await round()).toBe(1); // 200
    clock.advance(10 * 60_000);
    expect(await round()).toBe(0); // delivered: never sent again

    const list = await t.backendApi(`/v1/webhooks/endpoints/${endpointId}/attempts`);
    const attempts = ((await list.json()) as { attempted_at: number; status_code: number; success: boolean; event_type: string }[]).reverse();
    expect(attempts.map((a) => [a.status_code, a.success])).toEqual([
      [500, false],
      [500, false],
      [200, true],
    ]);
    expect(attempts.every((a) => a.event_type === 'user.created')).toBe(true);
    expect(attempts.map((a) => a.attempted_at)).toEqual(attemptsAt);
    const firstDelay = attemptsAt[1]! - attemptsAt[0]!;
    const secondDelay = attemptsAt[2]! - attemptsAt[1]!;
    expect(firstDelay).toBeGreaterThanOrEqual(4_000);
    expect(secondDelay).toBeGreaterThanOrEqual(16_000);
    expect(secondDelay).toBeGreaterThan(firstDelay);

    const ids = receiver.received.map((h) => h['webhook-id']);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^msg_/);
    expect(new Set(receiver.received.map((h) => h['webhook-timestamp'])).size).toBe(3);
    const backlog = await (await t.server.context()).store.webhooks.backlog();
    expect(backlog).toEqual({ undispatchedEvents: 0, pendingDeliveries: 0 });
  });

  it('gives a delivery up as failed after maxAttempts and stops sending it', async () => {
    const clock = t.clock!;
    const ctx = await t.server.context();
    const stubborn = createWebhookDispatcher({ store: ctx.store, secretKey: t.secretKey, now: ctx.now, random: ctx.random, logger: silent, maxAttempts: 2 });
    const failing = await startFlakyReceiver([503]);
    try {
      await t.backendApi('/v1/webhooks/endpoints', { method: 'POST', json: { url: failing.url } });
      await t.backendApi('/v1/users', { method: 'POST', json: { email_address: 'giveup@example.com', password: 'retry password 123' } });
      await stubborn.runOnce();
      clock.advance(6_100);
      await stubborn.runOnce();
      clock.advance(3_600_000);
      await stubborn.runOnce();
      expect(failing.received).toHaveLength(2);
      expect(stubborn.stats).toMatchObject({ delivered: 0, failedAttempts: 2, givenUp: 1 });
      expect(await ctx.store.webhooks.backlog()).toEqual({ undispatchedEvents: 0, pendingDeliveries: 0 });
    } finally {
      await stubborn.stop();
      await failing.close();
    }
  });
});
