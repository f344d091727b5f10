/**
 * The `__client` cookie: `<client id>.<secret>` (lucia's id.secret pattern).
 * Only SHA-256(secret) is stored; a lookup is by id, then a constant-time
 * comparison of hashes. A wrong or unknown value is simply "no client".
 */
import type { ClientRecord } from '../../store/contract.js';
import type { DomainContext } from '../context.js';
import { hashSecret, safeEqual } from '../hash.js';
import { createId, createSecret } from '../ids.js';

const COOKIE_PATTERN = /^(client_[0-9a-z]{24})\.([A-Za-z0-9_-]{43})$/;

export function parseClientCookie(value: string | undefined): { clientId: string; secret: string } | null {
  const match = value ? COOKIE_PATTERN.exec(value) : null;
  return match ? { clientId: match[1]!, secret: match[2]! } : null;
}

/** The client a `__client` cookie value belongs to, or null when it is unknown or wrong. */
export async function resolveClient(ctx: DomainContext, cookieValue: string | undefined): Promise<ClientRecord | null> {
  const parsed = parseClientCookie(cookieValue);
  if (!parsed) return null;
  const client = await ctx.store.clients.getById(parsed.clientId);
  if (!client || !safeEqual(client.secretHash, hashSecret(parsed.secret))) return null;
  return client;
}

export async function createClient(ctx: DomainContext): Promise<{ client: ClientRecord; cookieValue: string }> {
  const at = ctx.now();
  const secret = createSecret(ctx.random);
  const client: ClientRecord = {
    id: createId('client', ctx.random),
    secretHash: hashSecret(secret),
    lastActiveSessionId: null,
    createdAt: at,
    updatedAt: at,
  };
  await ctx.store.clients.create(client);
  return { client, cookieValue: `${client.id}.${secret}` };
}

/** Gives an existing client a new secret, so its old cookie value stops working. */
export async function rotateClientSecret(ctx: DomainContext, clientId: string): Promise<string> {
  const secret = createSecret(ctx.random);
  await ctx.store.clients.rotateSecret(clientId, hashSecret(secret), ctx.now());
  return `${clientId}.${secret}`;
}
