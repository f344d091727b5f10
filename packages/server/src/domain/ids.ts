/**
 * Identifiers and opaque secrets. Ids are public (`user_…`, `sess_…`);
 * secrets carry >= 128 bits from the injected random source.
 */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

export type RandomSource = (bytes: Uint8Array) => void;

export const defaultRandom: RandomSource = (bytes) => {
  crypto.getRandomValues(bytes);
};

function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** A prefixed id with 120 random bits: `createId('sess', random)` → `sess_…` (24 chars after the prefix). */
export function createId(prefix: string, random: RandomSource = defaultRandom): string {
  const bytes = new Uint8Array(15);
  random(bytes);
  return `${prefix}_${base32(bytes)}`;
}

export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** A random secret of `byteLength` bytes, base64url. */
export function createSecret(random: RandomSource = defaultRandom, byteLength = 32): string {
  const bytes = new Uint8Array(byteLength);
  random(bytes);
  return toBase64Url(bytes);
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A new instance secret key: `sk_test_` or `sk_live_` + 40 base62 characters (~238 bits). */
export function createSecretKey(environment: 'test' | 'live', random: RandomSource = defaultRandom): string {
  let out = '';
  while (out.length < 40) {
    const bytes = new Uint8Array(64);
    random(bytes);
    // Rejection sampling keeps every character equally likely.
    for (const byte of bytes) if (byte < 248 && out.length < 40) out += BASE62[byte % 62];
  }
  return `sk_${environment}_${out}`;
}
