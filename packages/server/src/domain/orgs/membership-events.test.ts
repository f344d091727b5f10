/**
 * organizationMembership.* webhooks: adding (including an organization's
 * creator), changing (role, metadata) and removing a member each announce one
 * signed event, written in the change's transaction; a refused change
 * announces nothing. Delivered to a real HTTP receiver on loopback.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '@latchkey/backend/webhooks';
import { createTestServer, type TestServer } from '@latchkey/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookDispatcher } from '../webhooks/webhook-dispatcher.js';

interface Received {
  headers: Record<string, string>;
  body: string;
}

interface MembershipEvent {
  type: string;
  object: string;
  data: { object: string; role: string; public_metadata: Record<string, unknown>; organization: { id: string; slug: string }; public_user_data: { user_id: string; identifier: string } };
}

describe('organizationMembership webhooks', () => {
  let t: TestServer;
  const received: Received[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });

  beforeEach(async () => {
    received.length = 0;
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    t = await createTestServer({ clock: false, webhooks: { enabled: false } });
  });
  afterEach(async () => {
    await t.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  const api = async (path: string, method = 'GET', json?: unknown) => {
    const response = await t.backendApi(path, { method, ...(json ? { json } : {}) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it('announces a member added, changed and removed, and the creator of a new organization, once each, signed', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const endpoint = await api('/v1/webhooks/endpoints', 'POST', {
      url,
      event_types: ['organizationMembership.created', 'organizationMembership.updated', 'organizationMembership.deleted'],
    });
    expect(endpoint.status).toBe(200);
    const ada = (await api('/v1/users', 'POST', { email_address: 'ada@example.com', password: 'members password 1' })).body.id as string;
    const bob = (await api('/v1/users', 'POST', { email_address: 'bob@example.com', password: 'members password 1' })).body.id as string;
    const org = await api('/v1/organizations', 'POST', { name: 'Acme', slug: 'acme', created_by: ada });
    expect(org.status).toBe(200);
    const base = `/v1/organizations/${org.body.id}/memberships`;
    expect((await api(base, 'POST', { user_id: bob, role: 'org:member' })).status).toBe(200);
    // Refused: already a member. Nothing is announced for it.
    const again = await api(base, 'POST', { user_id: bob, role: 'org:member' });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);
    expect((await api(`${base}/${bob}`, 'PATCH', { role: 'org:admin' })).status).toBe(200);
    expect((await api(`${base}/${bob}/metadata`, 'PATCH', { public_metadata: { team: 'rockets' } })).status).toBe(200);
    expect((await api(`${base}/${bob}`, 'DELETE')).status).toBe(200);
    expect((await api(`${base}/${bob}`, 'DELETE')).status).toBe(404);

    const ctx = await t.server.context();
    const dispatcher = createWebhookDispatcher({ store: ctx.store, secretKey: t.secretKey, now: ctx.now, random: ctx.random, logger: { info() {}, warn() {}, error() {} } });
    await dispatcher.runOnce();
    await dispatcher.stop();

    const secret = endpoint.body.secret as string;
    expect((await api(`/v1/webhooks/endpoints/${endpoint.body.id}/secret`)).body.key).toBe(secret);
    const events: MembershipEvent[] = [];
    for (const hook of received) {
      events.push(await verifyWebhook<MembershipEvent>(new Request(url, { method: 'POST', headers: hook.headers, body: hook.body }), secret));
    }
    expect(events.map((e) => [e.type, e.data.public_user_data.user_id, e.data.role])).toEqual([
      ['organizationMembership.created', ada, 'org:admin'],
      ['organizationMembership.created', bob, 'org:member'],
      ['organizationMembership.updated', bob, 'org:admin'],
      ['organizationMembership.updated', bob, 'org:admin'],
      ['organizationMembership.deleted', bob, 'org:admin'],
    ]);
    expect(events[3]!.data.public_metadata).toEqual({ team: 'rockets' });
    expect(events[1]).toMatchObject({
      object: 'event',
      data: { object: 'organization_membership', organization: { id: org.body.id, slug: 'acme' }, public_user_data: { identifier: 'bob@example.com' } },
    });
    expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(5);
  });
});
