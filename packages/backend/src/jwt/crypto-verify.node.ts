import { Buffer, isAscii, isUtf8 } from 'node:buffer';
import { createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { fixedSignatureLength, type CryptoVerify, type JwsAlgorithm } from './crypto-types.js';

// Selected by the `node` condition of `#crypto-verify` only; shared code never
// imports node:* (STYLE §2.2). Node's one-shot `verify` is synchronous and skips
// WebCrypto's promise and job-queue hop, which is where its ~3x comes from.

const digest: Record<JwsAlgorithm, string | null> = {
  RS256: 'sha256',
  RS384: 'sha384',
  RS512: 'sha512',
  ES256: 'sha256',
  ES384: 'sha384',
  EdDSA: null,
};

const curve: Partial<Record<JwsAlgorithm, string>> = { ES256: 'prime256v1', ES384: 'secp384r1' };

interface NodeKey {
  key: KeyObject | { key: KeyObject; dsaEncoding: 'ieee-p1363' };
}

function checkKeyFits(alg: JwsAlgorithm, key: KeyObject): void {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  const ok =
    alg.startsWith('RS')
      ? type === 'rsa' && (details.modulusLength ?? 0) >= 2048
      : alg === 'EdDSA'
        ? type === 'ed25519'
        : type === 'ec' && details.namedCurve === curve[alg];
  if (!ok || key.type !== 'public') throw new TypeError(`key does not fit algorithm ${alg}`);
}

// Node's base64url decoder is lenient (it skips foreign characters and
// accepts '+', '/' and '='), so the input is checked first: alphabet by a
// regex (irregexp compiles it to native code), impossible lengths, and the
// unused low bits of the last character, so that one byte string has exactly
// one encoding. Same answers as the hand-written decoder in base64url.ts
// (crypto-seam.test.ts compares them on both runs).
const alphabetOnly = /^[A-Za-z0-9_-]*$/;
const sextets = new Int8Array(128).fill(-1);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].entries()) sextets[c.charCodeAt(0)] = i;

function decodeStrict(input: string): Buffer | null {
  const rest = input.length & 3;
  if (rest === 1 || !alphabetOnly.test(input)) return null;
  if (rest !== 0 && (sextets[input.charCodeAt(input.length - 1)]! & (rest === 2 ? 0x0f : 0x03)) !== 0) return null;
  return Buffer.from(input, 'base64url');
}

export const cryptoVerify: CryptoVerify = {
  implementation: 'node:crypto',
  async importPublicKey(alg, input) {
    const key =
      'jwk' in input
        ? createPublicKey({ key: input.jwk as never, format: 'jwk' })
        : createPublicKey({ key: Buffer.from(input.spki), format: 'der', type: 'spki' });
    checkKeyFits(alg, key);
    const handle: NodeKey = {
      key: alg.startsWith('ES') ? { key, dsaEncoding: 'ieee-p1363' } : key,
    };
    return handle;
  },
  verify(alg, handle, data, signature) {
    const expected = fixedSignatureLength[alg];
    if (expected !== undefined && signature.length !== expected) return false;
    try {
      return nodeVerify(digest[alg], data, (handle as NodeKey).key, signature);
    } catch {
      return false;
    }
  },
  decodeBase64Url: decodeStrict,
  decodeBase64UrlText(input) {
    const bytes = decodeStrict(input);
    if (bytes === null) return null;
    if (isAscii(bytes)) return bytes.toString('latin1');
    return isUtf8(bytes) ? bytes.toString('utf8') : null;
  },
  asciiBytes: (input) => Buffer.from(input, 'latin1'),
};
