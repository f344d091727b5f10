import type { VerificationKey } from '../jwt/keys.js';

/** @internal one remembered verification */
export interface VerifiedEntry {
  /** The exact token string whose signature was verified. */
  readonly token: string;
  readonly payload: Record<string, unknown>;
  readonly key: VerificationKey;
  /** `exp` in ms: the entry is never served at or after it. */
  readonly expiresAtMs: number;
  /** Already resolved with `payload`: a hit hands it out, allocating nothing. */
  readonly promise: Promise<Record<string, unknown>>;
  /**
   * The claim options (one object per verifier) whose time-independent
   * checks (sub, iss, aud, azp) this payload last passed, and the window in
   * which its time checks (exp, nbf, iat, with that verifier's skew) pass.
   * Another verifier, or a time outside the window, re-runs every check.
   */
  checkedBy: object | null;
  validFromMs: number;
  validUntilMs: number;
}

const sextet = new Int8Array(128);
for (let i = 0; i < 64; i++) sextet['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.charCodeAt(i)] = i;

/**
 * The map key of a token: 30 bits read from five characters near the end of
 * its signature (skipping the last one, whose low bits are often fixed
 * padding). A token arrives as a fresh string on every request, and V8
 * hashes a fresh string in full on a Map lookup: ~1.2 µs for an RS256 token,
 * most of a repeat's cost. Five characters of a signature are as good as
 * random, and the key only narrows the lookup: a hit also needs the whole
 * string to be equal (a memcmp), so a collision is a miss, never a match.
 * Only verified tokens are stored, so a forger cannot choose what collides.
 */
function fingerprint(token: string): number {
  const n = token.length;
  return (
    sextet[token.charCodeAt(n - 2) & 127]! |
    (sextet[token.charCodeAt(n - 3) & 127]! << 6) |
    (sextet[token.charCodeAt(n - 4) & 127]! << 12) |
    (sextet[token.charCodeAt(n - 5) & 127]! << 18) |
    (sextet[token.charCodeAt(n - 6) & 127]! << 24)
  );
}

/**
 * Tokens whose signature was recently verified, so that a repeat costs a map
 * lookup instead of a signature check. Only the signature result is reused
 * unconditionally; claims are re-checked as `VerifiedEntry.checkedBy` says.
 * Bounded: insertion order approximates expiry order (all tokens share one
 * TTL), so the oldest entry is evicted first.
 * @internal
 */
export class VerifiedTokenCache {
  readonly #entries = new Map<number, VerifiedEntry>();
  readonly #max: number;

  constructor(maxEntries: number) {
    this.#max = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(token: string, nowMs: number): VerifiedEntry | undefined {
    if (token.length < 6) return undefined;
    const key = fingerprint(token);
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.token !== token) return undefined;
    if (nowMs >= entry.expiresAtMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  set(token: string, payload: Record<string, unknown>, key: VerificationKey, nowMs: number): VerifiedEntry | undefined {
    if (this.#max <= 0) return undefined;
    const exp = payload.exp;
    if (typeof exp !== 'number' || exp * 1000 <= nowMs || token.length < 6) return undefined;
    if (this.#entries.size >= this.#max) {
      for (const [oldKey, old] of this.#entries) {
        if (this.#entries.size < this.#max) break;
        // Drop expired heads, then (if still full) the single oldest one.
        if (old.expiresAtMs <= nowMs || this.#entries.size >= this.#max) this.#entries.delete(oldKey);
      }
    }
    const entry: VerifiedEntry = {
      token,
      payload,
      key,
      expiresAtMs: exp * 1000,
      promise: Promise.resolve(payload),
      checkedBy: null,
      validFromMs: 0,
      validUntilMs: 0,
    };
    // A colliding older entry is replaced; `delete` first so that the new one
    // takes its place at the young end of the eviction order.
    const slot = fingerprint(token);
    this.#entries.delete(slot);
    this.#entries.set(slot, entry);
    return entry;
  }
}
