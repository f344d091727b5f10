/**
 * Base64url without padding (RFC 7515 §2), hand-written: `atob` needs a
 * character swap and a binary string, and this runs three times per
 * never-seen token. Strict: a character outside the alphabet, padding, or a
 * length that cannot come from whole bytes is rejected (returns null).
 */

const table = new Int16Array(128).fill(-1);
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;

function sextet(input: string, i: number): number {
  const c = input.charCodeAt(i);
  return c < 128 ? table[c]! : -1;
}

/** Decodes base64url (no padding) into bytes, or null when `input` is not strict base64url. */
export function decodeBase64Url(input: string): Uint8Array | null {
  const length = input.length;
  const rest = length & 3;
  if (rest === 1) return null;
  const out = new Uint8Array(((length >> 2) * 3) + (rest === 0 ? 0 : rest - 1));
  let o = 0;
  let i = 0;
  const whole = length - rest;
  for (; i < whole; i += 4) {
    const a = sextet(input, i);
    const b = sextet(input, i + 1);
    const c = sextet(input, i + 2);
    const d = sextet(input, i + 3);
    if ((a | b | c | d) < 0) return null;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  if (rest === 2) {
    const a = sextet(input, i);
    const b = sextet(input, i + 1);
    // Non-canonical trailing bits would let two strings decode to one value.
    if ((a | b) < 0 || (b & 0x0f) !== 0) return null;
    out[o] = (a << 2) | (b >> 4);
  } else if (rest === 3) {
    const a = sextet(input, i);
    const b = sextet(input, i + 1);
    const c = sextet(input, i + 2);
    if ((a | b | c) < 0 || (c & 0x03) !== 0) return null;
    out[o++] = (a << 2) | (b >> 4);
    out[o] = ((b & 0x0f) << 4) | (c >> 2);
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a base64url segment holding UTF-8 text. ASCII (every header and
 * nearly every payload) is built straight into a string, skipping TextDecoder.
 * Returns null on bad base64url or invalid UTF-8.
 */
export function decodeBase64UrlText(input: string): string | null {
  const bytes = decodeBase64Url(input);
  if (bytes === null) return null;
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (!ascii) {
    try {
      return utf8.decode(bytes);
    } catch {
      return null;
    }
  }
  let text = '';
  const chunk = 4096;
  for (let i = 0; i < bytes.length; i += chunk) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + chunk) as unknown as number[]);
  }
  return text;
}

/** Encodes bytes as base64url without padding. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  if (bytes.length - i === 1) {
    const n = bytes[i]! << 16;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]!;
  } else if (bytes.length - i === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]!;
  }
  return out;
}
