import { TokenVerificationError, TokenVerificationErrorAction, TokenVerificationErrorReason } from '../errors.js';
import type { JwtHeader } from './decode.js';

const R = TokenVerificationErrorReason;

function fail(reason: TokenVerificationErrorReason, message: string, action?: TokenVerificationErrorAction): never {
  throw new TokenVerificationError({ reason, message, ...(action ? { action } : {}) });
}

// Header parameters that would let the token choose its own key or change how
// it must be processed (DESIGN §7): the key is always ours, and we implement
// no critical extensions, so `crit` is refused outright (RFC 7515 §4.1.11).
const forbiddenHeaderParameters = ['jwk', 'jku', 'x5u', 'x5c', 'crit'] as const;

/** Header checks that need no key: alg present and not `none`, no key-bearing or critical parameters, typ. */
export function assertHeader(header: JwtHeader, headerType: string | readonly string[] = 'JWT'): void {
  const alg = header.alg;
  if (typeof alg !== 'string' || alg.length === 0) fail(R.TokenInvalidAlgorithm, 'Invalid JWT algorithm: missing or not a string.');
  if (alg.toLowerCase() === 'none') fail(R.TokenInvalidAlgorithm, 'Invalid JWT algorithm "none": unsigned tokens are refused.');
  for (const name of forbiddenHeaderParameters) {
    if (name in header) fail(R.TokenInvalid, `Invalid JWT header: the "${name}" parameter is refused.`);
  }
  if (header.kid !== undefined && typeof header.kid !== 'string') fail(R.TokenInvalid, 'Invalid JWT header: "kid" must be a string.');
  if (header.typ !== undefined) {
    const allowed = typeof headerType === 'string' ? [headerType] : headerType;
    if (typeof header.typ !== 'string' || !allowed.some((t) => t.toLowerCase() === (header.typ as string).toLowerCase())) {
      fail(R.TokenInvalid, `Invalid JWT type. Expected one of ${JSON.stringify(allowed)}.`);
    }
  }
}

/** Claim checks, each in one small step (Clerk's `jwt/assertions.ts`). */
export interface ClaimOptions {
  nowMs: number;
  clockSkewInMs: number;
  audience?: string | readonly string[] | undefined;
  authorizedParties?: readonly string[] | undefined;
  issuer?: string | readonly string[] | ((iss: string) => boolean) | undefined;
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function assertSubjectClaim(sub: unknown): void {
  if (typeof sub !== 'string' || sub.length === 0) fail(R.TokenVerificationFailed, 'Subject claim (sub) is required and must be a string.');
}

export function assertExpirationClaim(exp: unknown, nowMs: number, skewMs: number): void {
  if (!isNumericDate(exp)) fail(R.TokenVerificationFailed, 'Invalid JWT expiry date claim (exp): missing or not a number.');
  if (exp * 1000 + skewMs <= nowMs) {
    fail(R.TokenExpired, `JWT is expired. Expiry date: ${new Date(exp * 1000).toISOString()}.`, TokenVerificationErrorAction.EnsureClockSync);
  }
}

export function assertActivationClaim(nbf: unknown, nowMs: number, skewMs: number): void {
  if (nbf === undefined) return;
  if (!isNumericDate(nbf)) fail(R.TokenVerificationFailed, 'Invalid JWT not before date claim (nbf): not a number.');
  if (nbf * 1000 - skewMs > nowMs) {
    fail(R.TokenNotActiveYet, `JWT cannot be used prior to not before date claim (nbf): ${new Date(nbf * 1000).toISOString()}.`, TokenVerificationErrorAction.EnsureClockSync);
  }
}

export function assertIssuedAtClaim(iat: unknown, nowMs: number, skewMs: number): void {
  if (iat === undefined) return;
  if (!isNumericDate(iat)) fail(R.TokenVerificationFailed, 'Invalid JWT issued at date claim (iat): not a number.');
  if (iat * 1000 - skewMs > nowMs) {
    fail(R.TokenIatInTheFuture, `JWT issued at date claim (iat) is in the future: ${new Date(iat * 1000).toISOString()}.`, TokenVerificationErrorAction.EnsureClockSync);
  }
}

export function assertAudienceClaim(aud: unknown, audience: string | readonly string[] | undefined): void {
  if (audience === undefined) return;
  const wanted = typeof audience === 'string' ? [audience] : audience;
  if (wanted.length === 0) return;
  let got: readonly unknown[];
  if (typeof aud === 'string') got = [aud];
  else if (Array.isArray(aud) && aud.length > 0) got = aud;
  else fail(R.TokenVerificationFailed, 'Invalid JWT audience claim (aud): missing, or not a string or non-empty array of strings.');
  // Index loop: a `for…in` would also walk inherited keys (the oslo lesson).
  for (let i = 0; i < got.length; i++) {
    if (typeof got[i] !== 'string') fail(R.TokenVerificationFailed, 'Invalid JWT audience claim (aud): array holds a non-string.');
  }
  if (!got.some((a) => wanted.includes(a as string))) {
    fail(R.TokenVerificationFailed, `Invalid JWT audience claim (aud). Expected one of ${JSON.stringify(wanted)}.`);
  }
}

/**
 * `azp` must be one of the authorized parties when both are present. A token
 * without `azp` passes, as in Clerk: tokens minted through the Backend API for
 * server-to-server use carry none.
 */
export function assertAuthorizedPartiesClaim(azp: unknown, authorizedParties: readonly string[] | undefined): void {
  if (azp === undefined || !authorizedParties || authorizedParties.length === 0) return;
  if (typeof azp !== 'string') fail(R.TokenInvalidAuthorizedParties, 'Invalid JWT Authorized party claim (azp): not a string.');
  if (!authorizedParties.includes(azp)) {
    fail(R.TokenInvalidAuthorizedParties, `Invalid JWT Authorized party claim (azp). Expected one of ${JSON.stringify(authorizedParties)}.`);
  }
}

export function assertIssuerClaim(iss: unknown, issuer: ClaimOptions['issuer']): void {
  if (issuer === undefined) return;
  if (typeof iss !== 'string') fail(R.TokenInvalidIssuer, 'Invalid JWT issuer claim (iss): missing or not a string.');
  const ok =
    typeof issuer === 'function' ? issuer(iss) : typeof issuer === 'string' ? iss === issuer : issuer.includes(iss);
  if (!ok) fail(R.TokenInvalidIssuer, 'Invalid JWT issuer claim (iss): not the expected issuer.');
}

/** Runs every claim check in a fixed order. */
export function assertClaims(payload: Record<string, unknown>, options: ClaimOptions): void {
  assertSubjectClaim(payload.sub);
  assertIssuerClaim(payload.iss, options.issuer);
  assertAudienceClaim(payload.aud, options.audience);
  assertAuthorizedPartiesClaim(payload.azp, options.authorizedParties);
  assertExpirationClaim(payload.exp, options.nowMs, options.clockSkewInMs);
  assertActivationClaim(payload.nbf, options.nowMs, options.clockSkewInMs);
  assertIssuedAtClaim(payload.iat, options.nowMs, options.clockSkewInMs);
}
