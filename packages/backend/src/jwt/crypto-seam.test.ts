import { describe, expect, it } from 'vitest';
import { cryptoVerify } from '#crypto-verify';
import { decodeBase64Url, encodeBase64Url } from './base64url.js';
import { cryptoImplementation } from './keys.js';

describe('#crypto-verify seam', () => {
  it('uses node:crypto under the node condition and WebCrypto everywhere else', () => {
    // EdgeRuntime is a global only the edge-runtime environment defines.
    const isEdge = typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === 'string';
    expect(cryptoImplementation).toBe(isEdge ? 'webcrypto' : 'node:crypto');
  });
});

describe('#crypto-verify base64url decoders', () => {
  const seamBytes = (s: string) => {
    const out = cryptoVerify.decodeBase64Url(s);
    return out === null ? null : Array.from(out);
  };
  const jsBytes = (s: string) => {
    const out = decodeBase64Url(s);
    return out === null ? null : Array.from(out);
  };

  it('decodes every length like the hand-written decoder', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = crypto.getRandomValues(new Uint8Array(n));
      const text = encodeBase64Url(bytes);
      expect(seamBytes(text)).toEqual(Array.from(bytes));
      expect(seamBytes(text)).toEqual(jsBytes(text));
    }
  });

  it('refuses what the strict decoder refuses: foreign characters, standard alphabet, padding, impossible lengths, non-canonical tails', () => {
    for (const bad of ['abcde', 'ab==', 'ab=', 'ab+/', 'ab/c', 'aé', 'AB', 'ABC', 'ab c', 'ab\nc', 'ab.c', '\u00a0abc', 'A']) {
      expect(seamBytes(bad)).toBeNull();
      expect(jsBytes(bad)).toBeNull();
      expect(cryptoVerify.decodeBase64UrlText(bad)).toBeNull();
    }
  });

  it('decodes text as UTF-8 and refuses invalid UTF-8 rather than replacing it', () => {
    const utf8 = new TextEncoder().encode('{"name":"Zoë ✓"}');
    expect(cryptoVerify.decodeBase64UrlText(encodeBase64Url(utf8))).toBe('{"name":"Zoë ✓"}');
    expect(cryptoVerify.decodeBase64UrlText(encodeBase64Url(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])))).toBeNull();
    expect(cryptoVerify.decodeBase64UrlText(encodeBase64Url(new Uint8Array([0xe2, 0x9c])))).toBeNull();
    expect(Array.from(cryptoVerify.asciiBytes('ab.c'))).toEqual([97, 98, 46, 99]);
  });
});
