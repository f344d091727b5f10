import { describe, expect, it } from 'vitest';
import { encodeBase64Url } from '../jwt/base64url.js';
import { verifyWebhook } from './verify-webhook.js';

const secretBytes = new Uint8Array(24).map((_, i) => i + 1);
const toB64 = (b: Uint8Array) => {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s);
};
const secret = `whsec_${toB64(secretBytes)}`;
const now = () => new Date(1_767_225_600_000);

async function sign(id: string, ts: string, body: string, key = secretBytes): Promise<string> {
  const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return toB64(new Uint8Array(await crypto.subtle.sign('HMAC', k, new TextEncoder().encode(`${id}.${ts}.${body}`))));
}

async function request(body: string, headers: Record<string, string>) {
  return new Request('http://app/api/webhooks', { method: 'POST', body, headers });
}

describe('verifyWebhook (Standard Webhooks)', () => {
  const body = JSON.stringify({ type: 'session.created', data: { id: 'sess_1' } });
  const ts = String(Math.floor(now().getTime() / 1000));

  it('returns the payload for a valid v1 signature, among several', async () => {
    const sig = await sign('msg_1', ts, body);
    const req = await request(body, { 'webhook-id': 'msg_1', 'webhook-timestamp': ts, 'webhook-signature': `v1,bogus v1,${sig}` });
    await expect(verifyWebhook(req, secret, { now })).resolves.toEqual({ type: 'session.created', data: { id: 'sess_1' } });
  });

  it('accepts svix-* header names', async () => {
    const sig = await sign('msg_1', ts, body);
    const req = await request(body, { 'svix-id': 'msg_1', 'svix-timestamp': ts, 'svix-signature': `v1,${sig}` });
    await expect(verifyWebhook(req, secret, { now })).resolves.toBeTruthy();
  });

  it.each([
    ['a tampered body', async () => request(body.replace('sess_1', 'sess_2'), { 'webhook-id': 'msg_1', 'webhook-timestamp': ts, 'webhook-signature': `v1,${await sign('msg_1', ts, body)}` })],
    ['another secret', async () => request(body, { 'webhook-id': 'msg_1', 'webhook-timestamp': ts, 'webhook-signature': `v1,${await sign('msg_1', ts, body, new Uint8Array(24))}` })],
    ['a replayed id', async () => request(body, { 'webhook-id': 'msg_2', 'webhook-timestamp': ts, 'webhook-signature': `v1,${await sign('msg_1', ts, body)}` })],
    ['an old timestamp', async () => { const old = String(Number(ts) - 301); return request(body, { 'webhook-id': 'msg_1', 'webhook-timestamp': old, 'webhook-signature': `v1,${await sign('msg_1', old, body)}` }); }],
    ['a non-numeric timestamp', async () => request(body, { 'webhook-id': 'msg_1', 'webhook-timestamp': 'soon', 'webhook-signature': 'v1,x' })],
    ['missing headers', async () => request(body, {})],
    ['an unknown version', async () => request(body, { 'webhook-id': 'msg_1', 'webhook-timestamp': ts, 'webhook-signature': `v2,${await sign('msg_1', ts, body)}` })],
  ])('rejects %s', async (_name, make) => {
    await expect(verifyWebhook(await make(), secret, { now })).rejects.toMatchObject({ code: 'ERR_WEBHOOK_VERIFICATION' });
  });

  it('keeps its helper honest', () => {
    expect(encodeBase64Url(new Uint8Array([251]))).toBe('-w');
  });
});
