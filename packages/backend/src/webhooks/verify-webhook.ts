import { WebhookVerificationError } from '../errors.js';
import { decodeBase64Url } from '../jwt/base64url.js';

export interface VerifyWebhookOptions {
  /** Accepted distance between `webhook-timestamp` and now. @default 300 (5 minutes) */
  toleranceInSeconds?: number;
  /** @default () => new Date() */
  now?: () => Date;
}

function base64ToBytes(text: string): Uint8Array | null {
  const urlSafe = text.trim().replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return decodeBase64Url(urlSafe);
}

/** Reads `whsec_<base64>` (or bare base64) into the HMAC key bytes. */
function secretBytes(secret: string): Uint8Array {
  const bytes = base64ToBytes(secret.startsWith('whsec_') ? secret.slice(6) : secret);
  if (!bytes || bytes.length < 16) throw new TypeError('The webhook signing secret is not a whsec_… base64 secret.');
  return bytes;
}

/**
 * Verifies a Standard Webhooks request (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`;
 * `svix-*` header names accepted too) and returns the parsed JSON payload.
 * The comparison is WebCrypto's HMAC verify, which is constant-time.
 * @throws WebhookVerificationError
 * @example
 * const event = await verifyWebhook(request, process.env.LATCHKEY_WEBHOOK_SECRET!)
 */
export async function verifyWebhook<T = unknown>(request: Request, secret: string, options: VerifyWebhookOptions = {}): Promise<T> {
  const h = (name: string) => request.headers.get(`webhook-${name}`) ?? request.headers.get(`svix-${name}`);
  const id = h('id');
  const timestamp = h('timestamp');
  const signatures = h('signature');
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError('Missing webhook-id, webhook-timestamp or webhook-signature header.');
  if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookVerificationError('Invalid webhook-timestamp header.');
  const nowSeconds = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceInSeconds ?? 300;
  if (Math.abs(nowSeconds - Number(timestamp)) > tolerance) throw new WebhookVerificationError('Webhook timestamp is outside the tolerance window.');

  const body = await request.text();
  const key = await crypto.subtle.importKey('raw', secretBytes(secret) as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const signed = new TextEncoder().encode(`${id}.${timestamp}.${body}`);
  for (const entry of signatures.split(' ')) {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const signature = base64ToBytes(value);
    if (!signature || signature.length !== 32) continue;
    if (await crypto.subtle.verify('HMAC', key, signature as BufferSource, signed)) {
      try {
        return JSON.parse(body) as T;
      } catch {
        throw new WebhookVerificationError('Webhook body is not JSON.');
      }
    }
  }
  throw new WebhookVerificationError('No matching webhook signature.');
}
