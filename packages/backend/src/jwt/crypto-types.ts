/**
 * The one seam between Web-standard code and the platform's signature
 * primitive. `#crypto-verify` (package.json "imports") resolves to
 * `crypto-verify.node.ts` under the `node` condition — node:crypto's one-shot
 * verify is ~3x WebCrypto's for RSA (DESIGN §9) — and to
 * `crypto-verify.web.ts` (crypto.subtle) everywhere else. Both satisfy
 * `CryptoVerify`; nothing else in the package knows which one it got.
 */

/** JWS algorithms a verification key may be pinned to. */
export type JwsAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'ES256' | 'ES384' | 'EdDSA';

/** Public key material in one of the two forms the seam imports. */
export type PublicKeyInput = { jwk: JsonWebKey } | { spki: Uint8Array };

/** @internal The platform's handle for an imported public key. */
export type KeyHandle = unknown;

/** @internal */
export interface CryptoVerify {
  readonly implementation: 'node:crypto' | 'webcrypto';
  /** Imports a public key for exactly one algorithm; rejects on a key that does not fit it. */
  importPublicKey(alg: JwsAlgorithm, input: PublicKeyInput): Promise<KeyHandle>;
  /**
   * Checks `signature` over `data`. Returns false (never throws) for a bad or
   * malformed signature. May answer synchronously: node:crypto does.
   */
  verify(
    alg: JwsAlgorithm,
    key: KeyHandle,
    data: Uint8Array,
    signature: Uint8Array,
  ): boolean | Promise<boolean>;
  /**
   * Strict base64url (RFC 7515 §2: alphabet only, no padding, canonical
   * trailing bits) to bytes, or null. Lives behind the seam because Node
   * decodes natively (~6x the hand-written loop) once the input is checked.
   */
  decodeBase64Url(input: string): Uint8Array | null;
  /** The same, then UTF-8 to text (invalid UTF-8 is null, never replaced). */
  decodeBase64UrlText(input: string): string | null;
  /** Bytes of a string already known to be ASCII (the JWS signing input). */
  asciiBytes(input: string): Uint8Array;
}

/** Raw signature lengths fixed by the algorithm (JWS uses IEEE P1363 r‖s for ECDSA). */
export const fixedSignatureLength: Partial<Record<JwsAlgorithm, number>> = {
  ES256: 64,
  ES384: 96,
  EdDSA: 64,
};
