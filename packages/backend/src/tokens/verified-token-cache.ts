import type { VerificationKey } from '../jwt/keys.js';

interface Entry {
  payload: Record<string, unknown>;
  key: VerificationKey;
  /** `exp` in ms: the entry is never served at or after it. */
  expiresAtMs: number;
}

/**
 * Tokens whose signature was recently verified, so that a repeat costs a map
 * lookup instead of a signature check. Only the signature result is reused:
 * claims (exp, azp, iss, aud) are re-checked on every hit with the caller's
 * options. Bounded: insertion order approximates expiry order (all tokens
 * share one TTL), so the oldest entry is evicted first.
 * @internal
 */
export class VerifiedTokenCache {
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;

  constructor(maxEntries: number) {
    this.#max = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(token: string, nowMs: number): Entry | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    if (nowMs >= entry.expiresAtMs) {
      this.#entries.delete(token);
      return undefined;
    }
    return entry;
  }

  set(token: string, payload: Record<string, unknown>, key: VerificationKey, nowMs: number): void {
    if (this.#max <= 0) return;
    const exp = payload.exp;
    if (typeof exp !== 'number' || exp * 1000 <= nowMs) return;
    if (this.#entries.size >= this.#max) {
      for (const [oldToken, old] of this.#entries) {
        if (this.#entries.size < this.#max) break;
        // Drop expired heads, then (if still full) the single oldest one.
        if (old.expiresAtMs <= nowMs || this.#entries.size >= this.#max) this.#entries.delete(oldToken);
      }
    }
    this.#entries.set(token, { payload, key, expiresAtMs: exp * 1000 });
  }
}
