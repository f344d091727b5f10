import type { KeyResolver, VerificationKey } from '../jwt/keys.js';

/**
 * Where verification keys come from: a configured PEM/JWK (`local.ts`) or the
 * auth server's JWKS (`remote.ts`). `resolve` answers synchronously once keys
 * are loaded so that the verify hot path awaits nothing it need not.
 */
export interface KeySource {
  resolve: KeyResolver;
  /** True while `key` is still one this source would hand out (not rotated away). */
  isCurrent(key: VerificationKey, nowMs: number): boolean;
}
