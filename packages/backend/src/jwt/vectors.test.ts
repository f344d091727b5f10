/**
 * Wycheproof vectors (copied into ../../test-vectors/wycheproof with their
 * license; tests never read outside the repo) replayed through the exact
 * signature step `verifyJwt` uses — whichever seam this run resolved.
 */
import { describe, expect, it } from 'vitest';
import ecdsa from '../../test-vectors/wycheproof/ecdsa_secp256r1_sha256_p1363_test.json' with { type: 'json' };
import ed25519 from '../../test-vectors/wycheproof/ed25519_test.json' with { type: 'json' };
import type { JwsAlgorithm } from './crypto-types.js';
import { importVerificationKey, verifySignature } from './keys.js';

interface Vector {
  tcId: number;
  comment: string;
  msg: string;
  sig: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface Group {
  publicKeyJwk?: JsonWebKey;
  publicKeyDer: string;
  tests: Vector[];
}

function hex(text: string): Uint8Array {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

async function replay(alg: JwsAlgorithm, groups: Group[]) {
  const counts = { valid: 0, invalid: 0, acceptable: 0 };
  const mismatches: string[] = [];
  for (const group of groups) {
    // Some groups (e.g. points with odd encodings) ship no JWK; their DER SPKI is the same key.
    const input = group.publicKeyJwk ? { jwk: group.publicKeyJwk } : { spki: hex(group.publicKeyDer) };
    const key = await importVerificationKey(alg, input);
    for (const t of group.tests) {
      const ok = await verifySignature(key, hex(t.msg), hex(t.sig));
      counts[t.result]++;
      if (t.result === 'acceptable') continue; // either answer is allowed by the spec
      if (ok !== (t.result === 'valid')) mismatches.push(`tcId ${t.tcId} (${t.comment}): expected ${t.result}, got ${ok}`);
    }
  }
  return { counts, mismatches };
}

describe('Wycheproof vectors through the signature step', () => {
  it('ECDSA P-256 SHA-256 with P1363 signatures (ES256): every valid vector verifies, every invalid one fails', async () => {
    const { counts, mismatches } = await replay('ES256', ecdsa.testGroups as unknown as Group[]);
    expect(mismatches).toEqual([]);
    expect(counts.valid + counts.invalid + counts.acceptable).toBe(ecdsa.numberOfTests);
    expect(counts.valid).toBeGreaterThan(100);
    expect(counts.invalid).toBeGreaterThan(50);
  });

  it('Ed25519 (EdDSA): every valid vector verifies, every invalid one fails', async () => {
    const { counts, mismatches } = await replay('EdDSA', ed25519.testGroups as unknown as Group[]);
    expect(mismatches).toEqual([]);
    expect(counts.valid + counts.invalid + counts.acceptable).toBe(ed25519.numberOfTests);
    expect(counts.valid).toBeGreaterThan(50);
    expect(counts.invalid).toBeGreaterThan(50);
  });
});
