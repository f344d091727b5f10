import { LatchkeyConfigError, TokenVerificationError, TokenVerificationErrorAction, TokenVerificationErrorReason } from '../errors.js';
import { algorithmForJwk, algorithmForSpki, pemToSpki } from '../jwt/algorithms.js';
import type { JwsAlgorithm, PublicKeyInput } from '../jwt/crypto-types.js';
import { importVerificationKey, type VerificationKey } from '../jwt/keys.js';
import type { KeySource } from './key-source.js';

function parseJwtKey(jwtKey: string | JsonWebKey): { alg: JwsAlgorithm; input: PublicKeyInput } {
  let jwk: JsonWebKey | undefined;
  if (typeof jwtKey === 'object' && jwtKey !== null) jwk = jwtKey;
  else if (typeof jwtKey === 'string' && jwtKey.trim().startsWith('{')) {
    try {
      jwk = JSON.parse(jwtKey) as JsonWebKey;
    } catch {
      throw new LatchkeyConfigError('jwtKey (LATCHKEY_JWT_KEY) looks like a JWK but is not valid JSON.');
    }
  }
  if (jwk !== undefined) {
    const alg = algorithmForJwk(jwk);
    if (alg === null) throw new LatchkeyConfigError('jwtKey (LATCHKEY_JWT_KEY) is not a public RSA, P-256, P-384 or Ed25519 signature JWK.');
    return { alg, input: { jwk } };
  }
  if (typeof jwtKey !== 'string') throw new LatchkeyConfigError('jwtKey (LATCHKEY_JWT_KEY) must be a PEM string or a JWK.');
  const spki = pemToSpki(jwtKey);
  const alg = spki && algorithmForSpki(spki);
  if (!spki || !alg) throw new LatchkeyConfigError('jwtKey (LATCHKEY_JWT_KEY) is not a PEM public key (RSA, P-256, P-384 or Ed25519).');
  return { alg, input: { spki } };
}

/**
 * A key source holding one configured public key (Clerk's `jwtKey`): PEM
 * SPKI, with or without BEGIN/END lines, or a JWK (object or JSON). The
 * token's `kid` is not consulted; the algorithm is pinned by the key. Bad
 * input throws LatchkeyConfigError here, at construction.
 * @example const source = createLocalKeySource(process.env.LATCHKEY_JWT_KEY!)
 */
export function createLocalKeySource(jwtKey: string | JsonWebKey): KeySource {
  const { alg, input } = parseJwtKey(jwtKey);
  let key: VerificationKey | undefined;
  let loading: Promise<VerificationKey> | undefined;
  const load = () =>
    (loading ??= importVerificationKey(alg, input, (input as { jwk?: { kid?: string } }).jwk?.kid).then(
      (k) => (key = k),
      (cause) => {
        throw new TokenVerificationError({
          reason: TokenVerificationErrorReason.LocalJWKMissing,
          action: TokenVerificationErrorAction.SetClerkJWTKey,
          message: 'The configured jwtKey could not be imported.',
          cause,
        });
      },
    ));
  return {
    resolve: () => key ?? load(),
    isCurrent: (k) => k === key,
  };
}
