import { cryptoVerify } from '#crypto-verify';
import type { JwsAlgorithm, KeyHandle, PublicKeyInput } from './crypto-types.js';

/** A public key pinned to exactly one algorithm. Tokens never choose it. */
export interface VerificationKey {
  readonly alg: JwsAlgorithm;
  readonly kid: string | undefined;
  /** @internal the platform key object */
  readonly handle: KeyHandle;
}

/** Finds the key for a token header, synchronously when it can. */
export type KeyResolver = (header: { alg: string; kid: string | undefined }) => VerificationKey | Promise<VerificationKey>;

/** Imports public key material for one algorithm. Rejects keys that do not fit it. */
export async function importVerificationKey(
  alg: JwsAlgorithm,
  input: PublicKeyInput,
  kid?: string,
): Promise<VerificationKey> {
  const handle = await cryptoVerify.importPublicKey(alg, input);
  return Object.freeze({ alg, kid, handle });
}

/** @internal which signature implementation the `#crypto-verify` condition selected */
export const cryptoImplementation = cryptoVerify.implementation;

/** @internal the signature step alone, for vectors and the bench */
export function verifySignature(key: VerificationKey, data: Uint8Array, signature: Uint8Array): boolean | Promise<boolean> {
  return cryptoVerify.verify(key.alg, key.handle, data, signature);
}
