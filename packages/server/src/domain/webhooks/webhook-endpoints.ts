import type { WebhookAttemptRecord, WebhookEndpointRecord } from '../../store/scale-out-contract.js';
import { createCryptoBox, type CryptoBox } from '../keys/crypto-box.js';
import type { DomainContext } from '../context.js';
import { DomainErrorCode, LatchkeyDomainError } from '../errors.js';
import { createId } from '../ids.js';
import { createWebhookSecret } from './sign-webhook.js';

const boxes = new Map<string, CryptoBox>();

/** The box that seals webhook secrets at rest (its own HKDF purpose, apart from signing keys). */
export function webhookSecretBox(secretKey: string): CryptoBox {
  let box = boxes.get(secretKey);
  if (!box) {
    box = createCryptoBox(secretKey, 'latchkey webhook secrets v1');
    boxes.set(secretKey, box);
  }
  return box;
}

export interface CreateWebhookEndpointInput {
  url: string;
  description?: string;
  eventTypes?: string[];
}

/** Registers an endpoint; the returned `secret` is the only time it leaves the server unrequested. */
export async function createWebhookEndpoint(
  ctx: DomainContext,
  input: CreateWebhookEndpointInput,
): Promise<{ endpoint: WebhookEndpointRecord; secret: string }> {
  const secret = createWebhookSecret();
  const at = ctx.now();
  const endpoint: WebhookEndpointRecord = {
    id: createId('whep', ctx.random),
    url: input.url,
    description: input.description ?? '',
    secretCiphertext: webhookSecretBox(ctx.config.secretKey).seal(secret),
    eventTypes: [...new Set(input.eventTypes ?? [])],
    disabled: false,
    createdAt: at,
    updatedAt: at,
  };
  await ctx.store.webhooks.createEndpoint(endpoint);
  return { endpoint, secret };
}

export async function getWebhookEndpoint(ctx: DomainContext, id: string): Promise<WebhookEndpointRecord> {
  const endpoint = await ctx.store.webhooks.getEndpoint(id);
  if (!endpoint) throw new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'No webhook endpoint with that id');
  return endpoint;
}

export async function getWebhookEndpointSecret(ctx: DomainContext, id: string): Promise<string> {
  return webhookSecretBox(ctx.config.secretKey).open((await getWebhookEndpoint(ctx, id)).secretCiphertext);
}

export async function deleteWebhookEndpoint(ctx: DomainContext, id: string): Promise<void> {
  if (!(await ctx.store.webhooks.deleteEndpoint(id))) {
    throw new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'No webhook endpoint with that id');
  }
}

export async function listWebhookAttempts(
  ctx: DomainContext,
  id: string,
  options: { limit: number; offset: number },
): Promise<WebhookAttemptRecord[]> {
  await getWebhookEndpoint(ctx, id);
  return ctx.store.webhooks.listAttempts(id, options);
}
