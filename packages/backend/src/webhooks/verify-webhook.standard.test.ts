/**
 * Interop: payloads signed by the reference `standardwebhooks` package (the
 * Standard Webhooks spec authors' library) verify with `verifyWebhook`, and
 * every tampering of them is refused.
 */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { verifyWebhook } from './verify-webhook.js';

const secretBytes = crypto.getRandomValues(new Uint8Array(32));
const secret = `whsec_${btoa(String.fromCharCode(...secretBytes))}`;
const signer = new Webhook(secret);
const at = new Date(1_767_225_600_000);
const now = () => at;
const payload = JSON.stringify({ type: 'session.revoked', object: 'event', data: { id: 'sess_1', user_id: 'user_1', status: 'revoked' } });

function request(body: string, headers: Record<string, string>) {
  return new Request('http://localhost:3000/api/webhooks', { method: 'POST', body, headers });
}

function signed(id: string, when: Date, body: string) {
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(when.getTime() / 1000)), 'webhook-signature': signer.sign(id, when, body) };
}

async function code(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'accepted',
    (e: { code?: string }) => e.code ?? 'no code',
  );
}

describe('verifyWebhook against the standardwebhooks reference signer', () => {
  it('accepts a payload signed by standardwebhooks and returns it parsed', async () => {
    const headers = signed('msg_2bX1', at, payload);
    expect(headers['webhook-signature']).toMatch(/^v1,/);
    await expect(verifyWebhook(request(payload, headers), secret, { now })).resolves.toEqual(JSON.parse(payload));
    // The same signature under the legacy svix-* header names.
    const svix = { 'svix-id': headers['webhook-id'], 'svix-timestamp': headers['webhook-timestamp'], 'svix-signature': headers['webhook-signature'] };
    await expect(verifyWebhook(request(payload, svix), secret, { now })).resolves.toEqual(JSON.parse(payload));
  });

  it('accepts it while the secret rotates: one valid signature among several', async () => {
    const headers = signed('msg_rot', at, payload);
    const other = new Webhook(`whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`).sign('msg_rot', at, payload);
    await expect(verifyWebhook(request(payload, { ...headers, 'webhook-signature': `${other} ${headers['webhook-signature']}` }), secret, { now })).resolves.toBeTruthy();
  });

  it('refuses a tampered body, another message id, another timestamp, another secret, and a stale or future timestamp', async () => {
    const headers = signed('msg_1', at, payload);
    const err = 'ERR_WEBHOOK_VERIFICATION';
    expect(await code(verifyWebhook(request(payload.replace('revoked', 'active'), headers), secret, { now }))).toBe(err);
    expect(await code(verifyWebhook(request(payload, { ...headers, 'webhook-id': 'msg_2' }), secret, { now }))).toBe(err);
    expect(await code(verifyWebhook(request(payload, { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) + 1) }), secret, { now }))).toBe(err);
    const otherSecret = `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`;
    expect(await code(verifyWebhook(request(payload, headers), otherSecret, { now }))).toBe(err);
    const stale = signed('msg_3', new Date(at.getTime() - 301_000), payload);
    expect(await code(verifyWebhook(request(payload, stale), secret, { now }))).toBe(err);
    const future = signed('msg_4', new Date(at.getTime() + 301_000), payload);
    expect(await code(verifyWebhook(request(payload, future), secret, { now }))).toBe(err);
    expect(await code(verifyWebhook(request(payload, { ...headers, 'webhook-signature': headers['webhook-signature'].replace('v1,', 'v2,') }), secret, { now }))).toBe(err);
  });
});
