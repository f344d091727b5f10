import type { SessionTokenClaims } from '@latchkey/backend/internal';
import type { SessionRecord, UserRecord } from '../../store/contract.js';
import type { DomainContext } from '../context.js';
import { DomainErrorCode, LatchkeyDomainError } from '../errors.js';
import { settle } from '../sessions/lifecycle.js';

export interface MintSessionTokenInput {
  sessionId: string;
  /** When given, the session must belong to this browser. */
  clientId?: string;
  /** The requesting origin, already checked against the allowed origins. */
  azp?: string;
}

export interface MintedToken {
  jwt: string;
  claims: SessionTokenClaims;
  session: SessionRecord;
  user: UserRecord;
}

/**
 * Concurrent mints for the same session and audience share one signature
 * (tabs refreshing at once, a retry racing its original). The entry lives
 * only while the mint is in flight, so a later request always sees the
 * session's current state.
 */
const inflight = new WeakMap<DomainContext, Map<string, Promise<MintedToken>>>();

/**
 * Mints a session token: one store read (session joined with its user) and
 * one signature. Refused with `session_not_active` (and the status in
 * `meta.status`) unless the session is active.
 */
export function mintSessionToken(ctx: DomainContext, input: MintSessionTokenInput): Promise<MintedToken> {
  let map = inflight.get(ctx);
  if (!map) inflight.set(ctx, (map = new Map()));
  const key = `${input.sessionId}|${input.clientId ?? ''}|${input.azp ?? ''}`;
  const pending = map.get(key);
  if (pending) return pending;
  const promise = mint(ctx, input).finally(() => map.delete(key));
  map.set(key, promise);
  return promise;
}

async function mint(ctx: DomainContext, input: MintSessionTokenInput): Promise<MintedToken> {
  const found = await ctx.store.sessions.getWithUser(input.sessionId);
  if (!found || (input.clientId !== undefined && found.session.clientId !== input.clientId)) {
    throw new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'No session with that id');
  }
  const session = await settle(ctx, found.session);
  if (session.status !== 'active') {
    throw new LatchkeyDomainError(DomainErrorCode.SessionNotActive, `The session is ${session.status}`, { status: session.status });
  }
  if (found.user.banned) {
    throw new LatchkeyDomainError(DomainErrorCode.UserBanned, 'This account is banned');
  }
  const [settings, signer] = await Promise.all([ctx.settings.get(), ctx.keys.signer()]);
  const iat = Math.floor(ctx.now() / 1000);
  const claims: SessionTokenClaims = {
    ...(input.azp ? { azp: input.azp } : {}),
    exp: iat + settings.sessionTokenTtlSeconds,
    iat,
    iss: ctx.config.publicUrl,
    nbf: iat - settings.clockSkewSeconds,
    sid: session.id,
    sub: session.userId,
    v: 2,
    ...(session.actor ? { act: session.actor as SessionTokenClaims['act'] } : {}),
  };
  return { jwt: signer.sign(claims), claims, session, user: found.user };
}
