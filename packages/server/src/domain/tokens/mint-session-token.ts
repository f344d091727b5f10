import type { SessionTokenClaims } from '@latchkey/backend/internal';
import type { ActiveOrganization, SessionRecord, UserRecord } from '../../store/contract.js';
import type { DomainContext } from '../context.js';
import { toOrganizationClaims } from '../orgs/organization-claims.js';
import { loadTokenContext, type TokenRequest } from './load-token-context.js';
import { createShortcodeResolver } from './templates/shortcodes.js';
import { SESSION_COOKIE_LIMIT_BYTES, sessionCookieBytes } from './templates/session-token-claims.js';

export type MintSessionTokenInput = TokenRequest;

export interface MintedToken {
  jwt: string;
  claims: SessionTokenClaims;
  session: SessionRecord;
  user: UserRecord;
  organization: ActiveOrganization | null;
}

/**
 * Concurrent mints for the same session and audience share one signature
 * (tabs refreshing at once, a retry racing its original). The entry lives
 * only while the mint is in flight, so a later request always sees the
 * session's current state.
 */
const inflight = new WeakMap<DomainContext, Map<string, Promise<MintedToken>>>();

/**
 * Mints a session token: one store read (session joined with its user and,
 * while the user is a member, its active organization with the role's
 * permissions) and one signature. The organization goes in `o` (and its
 * permission features in `fea`), Clerk's v2 encoding; the instance's custom
 * session claims, if any, are rendered in too. Refused with
 * `session_not_active` (and the status in `meta.status`) unless the session
 * is active.
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
  const context = await loadTokenContext(ctx, input);
  const { session, user, organization } = context;
  const [settings, signer, custom] = await Promise.all([ctx.settings.get(), ctx.keys.signer(), ctx.templates.sessionClaims()]);
  const iat = Math.floor(ctx.now() / 1000);
  const org = organization ? toOrganizationClaims(organization) : null;
  const claims: SessionTokenClaims = {
    ...(custom ? custom.render(createShortcodeResolver(context)) : {}),
    ...(input.azp ? { azp: input.azp } : {}),
    exp: iat + settings.sessionTokenTtlSeconds,
    ...(org?.fea ? { fea: org.fea } : {}),
    iat,
    iss: ctx.config.publicUrl,
    nbf: iat - settings.clockSkewSeconds,
    ...(org ? { o: org.o } : {}),
    sid: session.id,
    sub: session.userId,
    v: 2,
    ...(session.actor ? { act: session.actor as SessionTokenClaims['act'] } : {}),
  };
  const jwt = signer.sign(claims);
  if (custom && sessionCookieBytes(jwt) > SESSION_COOKIE_LIMIT_BYTES) {
    // Large metadata behind a custom claim: the token still works as a Bearer token, but not as a cookie.
    ctx.logger.warn('session token larger than a browser keeps in a cookie', { sessionId: session.id, bytes: sessionCookieBytes(jwt) });
  }
  return { jwt, claims, session, user, organization };
}
