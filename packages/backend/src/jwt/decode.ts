import { TokenVerificationError, TokenVerificationErrorAction, TokenVerificationErrorReason } from '../errors.js';
import { cryptoVerify } from '#crypto-verify';

/** Parsed JWS protected header. */
export interface JwtHeader {
  alg?: unknown;
  kid?: unknown;
  typ?: unknown;
  [parameter: string]: unknown;
}

/** A compact JWS split and decoded, signature not yet checked. */
export interface DecodedJwt<Claims = Record<string, unknown>> {
  header: JwtHeader;
  payload: Claims;
  signature: Uint8Array;
  /** ASCII bytes of `<header>.<payload>`: what the signature covers. */
  signingInput: Uint8Array;
}

/**
 * Default cap on a token's length. Session tokens are ~700-1,000 characters;
 * 16 KiB leaves room for large templates while bounding work on junk input.
 * @default 16384
 */
export const DEFAULT_MAX_TOKEN_BYTES = 16_384;

const invalid = (message: string) =>
  new TokenVerificationError({
    reason: TokenVerificationErrorReason.TokenInvalid,
    action: TokenVerificationErrorAction.EnsureClerkJWT,
    message,
  });

// Every token from one signing key shares its header segment, so parsed headers
// are memoised by segment (bounded; headers are tiny and attacker strings are
// capped by maxTokenBytes). Parsing is deterministic, so this cannot change
// any outcome, only skip work.
const headerMemo = new Map<string, JwtHeader>();
const HEADER_MEMO_MAX = 64;

function parseObject(segment: string, what: string): Record<string, unknown> {
  const text = cryptoVerify.decodeBase64UrlText(segment);
  if (text === null) throw invalid(`Invalid JWT ${what}: not base64url-encoded UTF-8.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw invalid(`Invalid JWT ${what}: not JSON.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`Invalid JWT ${what}: not a JSON object.`);
  }
  return value as Record<string, unknown>;
}

function parseHeader(segment: string): JwtHeader {
  const memo = headerMemo.get(segment);
  if (memo !== undefined) return memo;
  const header = Object.freeze(parseObject(segment, 'header')) as JwtHeader;
  if (headerMemo.size >= HEADER_MEMO_MAX) headerMemo.delete(headerMemo.keys().next().value!);
  headerMemo.set(segment, header);
  return header;
}

/**
 * Splits and decodes a compact JWS. Checks shape only: three base64url
 * segments, JSON objects, and the size cap. Never verifies anything else.
 * @throws TokenVerificationError with reason `token-invalid`
 */
export function decodeJwt<Claims = Record<string, unknown>>(
  token: string,
  maxTokenBytes: number = DEFAULT_MAX_TOKEN_BYTES,
): DecodedJwt<Claims> {
  if (typeof token !== 'string') throw invalid('Invalid JWT: not a string.');
  if (token.length > maxTokenBytes) throw invalid(`Invalid JWT: longer than ${maxTokenBytes} bytes.`);
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  if (first <= 0 || second < 0 || second === first + 1 || token.indexOf('.', second + 1) !== -1) {
    throw invalid('Invalid JWT form. A JWT consists of three parts separated by dots.');
  }
  const header = parseHeader(token.slice(0, first));
  const payload = parseObject(token.slice(first + 1, second), 'payload') as Claims;
  const signature = cryptoVerify.decodeBase64Url(token.slice(second + 1));
  if (signature === null || signature.length === 0) throw invalid('Invalid JWT signature: not base64url.');
  // Header and payload were checked to be base64url above, so the signing input is ASCII.
  const signingInput = cryptoVerify.asciiBytes(token.slice(0, second));
  return { header, payload, signature, signingInput };
}
