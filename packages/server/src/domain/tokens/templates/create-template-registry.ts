import type { Store } from '../../../store/contract.js';
import type { TemplateRegistry } from '../../context.js';
import type { CryptoBox } from '../../keys/crypto-box.js';
import { compileClaims, type CompiledClaims } from './compile-claims.js';
import { mintFromTemplate } from './mint-from-template.js';
import { SESSION_RESERVED_CLAIMS } from './session-token-claims.js';

/**
 * `ctx.templates`: JWT templates looked up by name in the store at each mint
 * (a changed template applies to the next token), and the custom session
 * claims, which every session-token mint needs, kept in memory and re-read
 * at most every `reloadIntervalMs` (as the instance settings are).
 */
export function createTemplateRegistry(options: {
  store: Store;
  secrets: CryptoBox;
  now: () => number;
  reloadIntervalMs: number;
}): TemplateRegistry {
  let sessionClaims: CompiledClaims | null = null;
  let loadedAt = -Infinity;
  let inflight: Promise<CompiledClaims | null> | null = null;

  const loadSessionClaims = async () => {
    const { claims } = await options.store.jwtTemplates.getSessionClaims();
    // Stored claims were validated when they were set.
    sessionClaims = Object.keys(claims).length > 0 ? compileClaims(claims, { reserved: SESSION_RESERVED_CLAIMS }) : null;
    loadedAt = options.now();
    return sessionClaims;
  };

  return {
    async getByName(name) {
      const template = await options.store.jwtTemplates.getByName(name);
      if (!template) return null;
      return { mint: (ctx, input) => mintFromTemplate(ctx, template, input) };
    },
    async sessionClaims() {
      if (options.now() - loadedAt < options.reloadIntervalMs) return sessionClaims;
      inflight ??= loadSessionClaims().finally(() => {
        inflight = null;
      });
      return inflight;
    },
    reload() {
      loadedAt = -Infinity;
    },
    secrets: options.secrets,
  };
}
