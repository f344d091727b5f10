/**
 * The dashboard's own session: an opaque `<id>.<secret>` in an HttpOnly,
 * SameSite=Strict cookie scoped to /dashboard (lucia's id.secret pattern,
 * like the `__client` cookie). Only SHA-256(secret) is kept, in the cache
 * (Redis when configured, so every instance knows it; memory otherwise), with
 * an absolute lifetime. It is created by proving the instance secret key and
 * grants exactly what the secret key grants, through the Backend API proxy.
 */
import type { DomainContext } from '../../../domain/context.js';
import { hashSecret, safeEqual } from '../../../domain/hash.js';
import { createId, createSecret } from '../../../domain/ids.js';
import { serializeCookie } from '../../cookies.js';

export const DASHBOARD_COOKIE = '__latchkey_dashboard';
/** Absolute lifetime of a dashboard sign-in. @default 12 hours */
export const DASHBOARD_SESSION_TTL_SECONDS = 12 * 60 * 60;

const COOKIE_PATTERN = /^(dsess_[0-9a-z]{24})\.([A-Za-z0-9_-]{43})$/;
const cacheKey = (id: string) => `dashboard_session:${id}`;

export interface DashboardSession {
  id: string;
  createdAt: number;
  expiresAt: number;
}

interface StoredSession {
  secret_hash: string;
  created_at: number;
  expires_at: number;
}

export async function createDashboardSession(ctx: DomainContext): Promise<{ session: DashboardSession; cookieValue: string }> {
  const id = createId('dsess', ctx.random);
  const secret = createSecret(ctx.random);
  const createdAt = ctx.now();
  const stored: StoredSession = { secret_hash: hashSecret(secret), created_at: createdAt, expires_at: createdAt + DASHBOARD_SESSION_TTL_SECONDS * 1000 };
  await ctx.cache.set(cacheKey(id), JSON.stringify(stored), DASHBOARD_SESSION_TTL_SECONDS);
  return { session: { id, createdAt, expiresAt: stored.expires_at }, cookieValue: `${id}.${secret}` };
}

/** The session a cookie value belongs to, or null when it is absent, malformed, unknown, expired or wrong. */
export async function resolveDashboardSession(ctx: DomainContext, cookieValue: string | undefined): Promise<DashboardSession | null> {
  const match = cookieValue ? COOKIE_PATTERN.exec(cookieValue) : null;
  if (!match) return null;
  const raw = await ctx.cache.get(cacheKey(match[1]!));
  if (!raw) return null;
  let stored: StoredSession;
  try {
    stored = JSON.parse(raw) as StoredSession;
  } catch {
    return null;
  }
  if (typeof stored.secret_hash !== 'string' || !safeEqual(stored.secret_hash, hashSecret(match[2]!))) return null;
  if (!(stored.expires_at > ctx.now())) return null;
  return { id: match[1]!, createdAt: stored.created_at, expiresAt: stored.expires_at };
}

export async function deleteDashboardSession(ctx: DomainContext, id: string): Promise<void> {
  await ctx.cache.delete(cacheKey(id));
}

/** The Set-Cookie value; Secure whenever the dashboard is served over https. */
export function dashboardCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return serializeCookie(DASHBOARD_COOKIE, value, { path: '/dashboard', httpOnly: true, sameSite: 'strict', secure, maxAgeSeconds });
}
