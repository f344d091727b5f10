import { describe, expect, it } from 'vitest';
import { cryptoImplementation } from './keys.js';

describe('#crypto-verify seam', () => {
  it('uses node:crypto under the node condition and WebCrypto everywhere else', () => {
    // EdgeRuntime is a global only the edge-runtime environment defines.
    const isEdge = typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === 'string';
    expect(cryptoImplementation).toBe(isEdge ? 'webcrypto' : 'node:crypto');
  });
});
