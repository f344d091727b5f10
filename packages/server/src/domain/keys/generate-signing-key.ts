import { generateKeyPair, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { SigningAlgorithm } from '../../store/contract.js';

export interface GeneratedSigningKey {
  kid: string;
  algorithm: SigningAlgorithm;
  publicJwk: JsonWebKey;
  privateKey: KeyObject;
  privateKeyPem: string;
}

function generate(algorithm: SigningAlgorithm): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, publicKey: KeyObject, privateKey: KeyObject) =>
      err ? reject(err) : resolve({ publicKey, privateKey });
    if (algorithm === 'RS256') generateKeyPair('rsa', { modulusLength: 2048, publicExponent: 0x10001 }, done);
    else if (algorithm === 'ES256') generateKeyPair('ec', { namedCurve: 'P-256' }, done);
    else generateKeyPair('ed25519', undefined, done);
  });
}

/** A new key pair for `algorithm`; its `kid` is the RFC 7638 thumbprint of the public key. */
export async function generateSigningKey(algorithm: SigningAlgorithm): Promise<GeneratedSigningKey> {
  const { publicKey, privateKey } = await generate(algorithm);
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = `ins_${await calculateJwkThumbprint(jwk, 'sha256')}`;
  return {
    kid,
    algorithm,
    publicJwk: { ...jwk, kid, alg: algorithm, use: 'sig' } as JsonWebKey,
    privateKey,
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}
