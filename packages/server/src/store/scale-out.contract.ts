/**
 * Store contract scenarios for the scale-out seams (`scale-out-contract.ts`):
 * webhook endpoints, the event outbox, deliveries leased by any instance,
 * the attempt log, and the revocation feed's catch-up read. Part of
 * `runStoreContract`, so SQLite and PostgreSQL both pass them.
 */
import { expect, it } from 'vitest';
import type { SessionRecord, Store, UserRecord } from './contract.js';
import type { WebhookAttemptRecord, WebhookDeliveryClaim, WebhookEndpointRecord, WebhookEventRecord } from './scale-out-contract.js';

export interface ScaleOutScenarioHelpers {
  store(): Store;
  nextId(prefix: string): string;
  makeUser(overrides?: Partial<UserRecord>): UserRecord;
  makeSession(userId: string, clientId: string, overrides?: Partial<SessionRecord>): SessionRecord;
  seedClient(): Promise<string>;
}

export function runScaleOutScenarios(h: ScaleOutScenarioHelpers): void {
  const endpoint = (overrides: Partial<WebhookEndpointRecord> = {}): WebhookEndpointRecord => ({
    id: h.nextId('whep'),
    url: 'https://app.example.com/hooks',
    description: '',
    secretCiphertext: 'sealed',
    eventTypes: [],
    disabled: false,
    createdAt: 1_000,
    updatedAt: 1_000,
    ...overrides,
  });
  const event = (type: string, createdAt: number): WebhookEventRecord => ({ id: h.nextId('msg'), type, payload: JSON.stringify({ type, n: createdAt }), createdAt });
  const attempt = (claim: WebhookDeliveryClaim, at: number, success: boolean): WebhookAttemptRecord => ({
    id: h.nextId('wha'),
    deliveryId: claim.deliveryId,
    endpointId: claim.endpoint.id,
    eventId: claim.event.id,
    eventType: claim.event.type,
    attemptedAt: at,
    statusCode: success ? 200 : 500,
    error: success ? null : 'receiver answered 500',
    durationMs: 3,
    success,
  });
  const deliveryIds = () => h.nextId('whd');

  it('creates, lists in creation order, reads and deletes webhook endpoints; deleting a missing one reports false', async () => {
    const s = h.store();
    const first = endpoint({ eventTypes: ['session.created', 'user.deleted'], description: 'app' });
    const second = endpoint({ disabled: true, createdAt: 2_000, updatedAt: 2_000 });
    await s.webhooks.createEndpoint(second);
    await s.webhooks.createEndpoint(first);
    expect(await s.webhooks.getEndpoint(first.id)).toEqual(first);
    expect((await s.webhooks.listEndpoints()).map((e) => e.id)).toEqual([first.id, second.id]);
    expect(await s.webhooks.deleteEndpoint(first.id)).toBe(true);
    expect(await s.webhooks.deleteEndpoint(first.id)).toBe(false);
    expect(await s.webhooks.getEndpoint(first.id)).toBeNull();
  });

  it('dispatches each outbox event once, oldest first, to every enabled endpoint that takes its type', async () => {
    const s = h.store();
    const all = endpoint();
    const sessionsOnly = endpoint({ eventTypes: ['session.created'] });
    const disabled = endpoint({ disabled: true });
    for (const e of [all, sessionsOnly, disabled]) await s.webhooks.createEndpoint(e);
    const older = event('session.created', 10);
    const newer = event('user.created', 20);
    await s.webhooks.appendEvents([newer, older]);
    expect(await s.webhooks.backlog()).toEqual({ undispatchedEvents: 2, pendingDeliveries: 0 });

    expect(await s.webhooks.dispatchEvents(1, 100, deliveryIds)).toBe(1);
    const firstClaims = await s.webhooks.claimDeliveries(100, 10, 1_000);
    expect(firstClaims.map((c) => [c.event.id, c.endpoint.id]).sort()).toEqual([[older.id, all.id], [older.id, sessionsOnly.id]].sort());
    expect(await s.webhooks.dispatchEvents(10, 100, deliveryIds)).toBe(1);
    expect(await s.webhooks.dispatchEvents(10, 100, deliveryIds)).toBe(0);
    const secondClaims = await s.webhooks.claimDeliveries(100, 10, 1_000);
    expect(secondClaims.map((c) => [c.event.id, c.endpoint.id])).toEqual([[newer.id, all.id]]);
    expect(secondClaims[0]).toMatchObject({ attempts: 0, event: newer, endpoint: all });
    expect(await s.webhooks.backlog()).toEqual({ undispatchedEvents: 0, pendingDeliveries: 3 });
  });

  it('leases due deliveries until the lease ends, retries pending ones when due and never resends delivered or failed ones', async () => {
    const s = h.store();
    const target = endpoint();
    await s.webhooks.createEndpoint(target);
    const [a, b] = [event('user.created', 1), event('user.updated', 2)];
    await s.webhooks.appendEvents([a!, b!]);
    await s.webhooks.dispatchEvents(10, 100, deliveryIds);

    const claims = await s.webhooks.claimDeliveries(100, 10, 1_000);
    expect(claims).toHaveLength(2);
    // Leased: nobody else gets them before 100 + 1000.
    expect(await s.webhooks.claimDeliveries(500, 10, 1_000)).toEqual([]);
    const [ca, cb] = [claims.find((c) => c.event.id === a!.id)!, claims.find((c) => c.event.id === b!.id)!];
    await s.webhooks.recordAttempt(attempt(ca, 200, false), 'pending', 5_000);
    await s.webhooks.recordAttempt(attempt(cb, 210, true), 'delivered', 210);
    // The lease would have ended, but the attempt set the next one at 5000.
    expect(await s.webhooks.claimDeliveries(1_200, 10, 1_000)).toEqual([]);
    const retry = await s.webhooks.claimDeliveries(5_000, 10, 1_000);
    expect(retry.map((c) => [c.deliveryId, c.attempts])).toEqual([[ca.deliveryId, 1]]);
    await s.webhooks.recordAttempt(attempt(retry[0]!, 5_001, false), 'failed', 5_001);
    expect(await s.webhooks.claimDeliveries(1_000_000, 10, 1_000)).toEqual([]);
    expect(await s.webhooks.backlog()).toEqual({ undispatchedEvents: 0, pendingDeliveries: 0 });

    const log = await s.webhooks.listAttempts(target.id, { limit: 10, offset: 0 });
    expect(log.map((x) => [x.eventId, x.success, x.statusCode, x.attemptedAt])).toEqual([
      [a!.id, false, 500, 5_001],
      [b!.id, true, 200, 210],
      [a!.id, false, 500, 200],
    ]);
    expect(log[1]).toMatchObject({ deliveryId: cb.deliveryId, endpointId: target.id, eventType: 'user.updated', durationMs: 3, error: null });
    expect((await s.webhooks.listAttempts(target.id, { limit: 1, offset: 1 })).map((x) => x.attemptedAt)).toEqual([210]);
  });

  it('gives concurrent claimers disjoint deliveries', async () => {
    const s = h.store();
    await s.webhooks.createEndpoint(endpoint());
    await s.webhooks.appendEvents(Array.from({ length: 12 }, (_, i) => event('user.created', i)));
    await s.webhooks.dispatchEvents(100, 100, deliveryIds);
    const [x, y] = await Promise.all([s.webhooks.claimDeliveries(100, 8, 1_000), s.webhooks.claimDeliveries(100, 8, 1_000)]);
    const ids = [...x, ...y].map((c) => c.deliveryId);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });

  it('deleting an endpoint deletes its pending deliveries and its attempt log', async () => {
    const s = h.store();
    const target = endpoint();
    await s.webhooks.createEndpoint(target);
    await s.webhooks.appendEvents([event('user.created', 1)]);
    await s.webhooks.dispatchEvents(10, 100, deliveryIds);
    const [claim] = await s.webhooks.claimDeliveries(100, 10, 1_000);
    await s.webhooks.recordAttempt(attempt(claim!, 150, false), 'pending', 200);
    expect(await s.webhooks.deleteEndpoint(target.id)).toBe(true);
    expect(await s.webhooks.backlog()).toEqual({ undispatchedEvents: 0, pendingDeliveries: 0 });
    expect(await s.webhooks.listAttempts(target.id, { limit: 10, offset: 0 })).toEqual([]);
  });

  it('purges dispatched events older than the cut-off unless a delivery of theirs is still pending', async () => {
    const s = h.store();
    const target = endpoint();
    await s.webhooks.createEndpoint(target);
    const [done, stuck, recent] = [event('user.created', 10), event('user.created', 20), event('user.created', 900)];
    await s.webhooks.appendEvents([done!, stuck!, recent!]);
    await s.webhooks.dispatchEvents(10, 1_000, deliveryIds);
    const claims = await s.webhooks.claimDeliveries(1_000, 10, 100);
    for (const c of claims) {
      await s.webhooks.recordAttempt(attempt(c, 1_001, c.event.id !== stuck!.id), c.event.id === stuck!.id ? 'pending' : 'delivered', 9_999);
    }
    const undispatched = event('user.created', 5);
    await s.webhooks.appendEvents([undispatched]);
    expect(await s.webhooks.purgeEvents(500, 10)).toBe(1);
    expect(await s.webhooks.purgeEvents(500, 10)).toBe(0);
    // The purged event's attempt went with it; the others' stay.
    const log = await s.webhooks.listAttempts(target.id, { limit: 10, offset: 0 });
    expect(log.map((x) => x.eventId).sort()).toEqual([stuck!.id, recent!.id].sort());
    expect(await s.webhooks.backlog()).toEqual({ undispatchedEvents: 1, pendingDeliveries: 1 });
  });

  it('lists sessions that left active since a time, oldest first, up to a limit, for the revocation feed', async () => {
    const s = h.store();
    const user = h.makeUser();
    await s.users.create(user);
    const clientId = await h.seedClient();
    const live = h.makeSession(user.id, clientId);
    const before = h.makeSession(user.id, clientId, { status: 'revoked', endedAt: 90 });
    const statuses = ['ended', 'removed', 'revoked', 'expired', 'abandoned', 'replaced'] as const;
    const ended = statuses.map((status, i) => h.makeSession(user.id, clientId, { status, endedAt: 200 - i * 10 }));
    for (const session of [live, before, ...ended]) await s.sessions.create(session);

    const all = await s.revocations.listEndedSince(100, 100);
    expect(all.map((e) => e.endedAt)).toEqual([150, 160, 170, 180, 190, 200]);
    expect(all[5]).toEqual({ sessionId: ended[0]!.id, userId: user.id, endedAt: 200 });
    expect((await s.revocations.listEndedSince(180, 100)).map((e) => e.sessionId)).toEqual([ended[2]!.id, ended[1]!.id, ended[0]!.id]);
    expect(await s.revocations.listEndedSince(100, 2)).toHaveLength(2);
    expect(await s.revocations.listEndedSince(201, 100)).toEqual([]);
    await expect(s.revocations.ping()).resolves.toBeUndefined();
  });
}
