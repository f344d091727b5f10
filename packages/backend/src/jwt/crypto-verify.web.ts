import { decodeBase64Url, decodeBase64UrlText } from './base64url.js';
import { fixedSignatureLength, type CryptoVerify, type JwsAlgorithm } from './crypto-types.js';

const encoder = new TextEncoder();

type Params = { import: Algorithm | RsaHashedImportParams | EcKeyImportParams; verify: Algorithm | EcdsaParams };

const params: Record<JwsAlgorithm, Params> = {
  RS256: { import: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, verify: { name: 'RSASSA-PKCS1-v1_5' } },
  RS384: { import: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' }, verify: { name: 'RSASSA-PKCS1-v1_5' } },
  RS512: { import: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' }, verify: { name: 'RSASSA-PKCS1-v1_5' } },
  ES256: { import: { name: 'ECDSA', namedCurve: 'P-256' }, verify: { name: 'ECDSA', hash: 'SHA-256' } },
  ES384: { import: { name: 'ECDSA', namedCurve: 'P-384' }, verify: { name: 'ECDSA', hash: 'SHA-384' } },
  EdDSA: { import: { name: 'Ed25519' }, verify: { name: 'Ed25519' } },
};

interface WebKey {
  key: CryptoKey;
}

export const cryptoVerify: CryptoVerify = {
  implementation: 'webcrypto',
  async importPublicKey(alg, input) {
    const p = params[alg];
    let key: CryptoKey;
    if ('jwk' in input) {
      // Strip fields that would make importKey refuse a key that is fine for
      // verification (JWKS entries carry alg/use/key_ops/kid).
      const { kty, n, e, crv, x, y } = input.jwk;
      key = await crypto.subtle.importKey('jwk', { kty, n, e, crv, x, y }, p.import, false, ['verify']);
    } else {
      key = await crypto.subtle.importKey('spki', input.spki as BufferSource, p.import, false, ['verify']);
    }
    if (key.type !== 'public') throw new TypeError(`key does not fit algorithm ${alg}`);
    if (alg.startsWith('RS')) {
      const bits = (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
      if (bits < 2048) throw new TypeError('RSA keys shorter than 2048 bits are refused');
    }
    const handle: WebKey = { key };
    return handle;
  },
  async verify(alg, handle, data, signature) {
    const expected = fixedSignatureLength[alg];
    if (expected !== undefined && signature.length !== expected) return false;
    try {
      return await crypto.subtle.verify(params[alg].verify, (handle as WebKey).key, signature as BufferSource, data as BufferSource);
    } catch {
      return false;
    }
  },
  decodeBase64Url,
  decodeBase64UrlText,
  asciiBytes: (input) => encoder.encode(input),
};
