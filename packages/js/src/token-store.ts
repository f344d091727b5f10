import type { StorageLike } from './tab-sync.js';

/**
 * A token as the client keeps it. Times are this machine's clock, not the
 * token's claims: `expiresAt` is the request's start plus the token's
 * lifetime (`exp - iat`), so a browser whose clock is minutes off still
 * refreshes on time, and network latency only makes us refresh earlier.
 */
export interface StoredToken {
  jwt: string;
  /** When the mint request started (local ms). */
  mintedAt: number;
  /** When the token stops being valid (local ms). */
  expiresAt: number;
  /** Claims used by the UI (`iat`, `o`), copied so readers need not decode. */
  iat: number;
}

/**
 * The tokens every tab of this origin can reuse, in one `localStorage`
 * entry. Entries live at most a token lifetime (60 s by default) and are
 * removed when their session leaves the browser; they are as exposed to
 * page scripts as the `__session` cookie the app reads anyway.
 */
export function createTokenStore(storage: StorageLike | null, namespace: string, now: () => number) {
  const key = `${namespace}:tokens`;
  const readAll = (): Record<string, StoredToken> => {
    if (!storage) return {};
    try {
      const parsed = JSON.parse(storage.getItem(key) ?? '{}') as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, StoredToken>) : {};
    } catch {
      return {};
    }
  };
  const writeAll = (all: Record<string, StoredToken>) => {
    if (!storage) return;
    const t = now();
    const live = Object.fromEntries(Object.entries(all).filter(([, token]) => token && token.expiresAt > t));
    try {
      if (Object.keys(live).length === 0) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify(live));
    } catch {
      // Storage full or disabled: tabs then share through messages only.
    }
  };
  return {
    get(tokenKey: string): StoredToken | null {
      const token = readAll()[tokenKey];
      return token && typeof token.jwt === 'string' && typeof token.expiresAt === 'number' ? token : null;
    },
    set(tokenKey: string, token: StoredToken): void {
      writeAll({ ...readAll(), [tokenKey]: token });
    },
    /** Removes every token of the given sessions (all templates). */
    removeSessions(sessionIds: string[]): void {
      const all = readAll();
      for (const k of Object.keys(all)) if (sessionIds.includes(k.split('|')[0]!)) delete all[k];
      writeAll(all);
    },
    clear(): void {
      storage?.removeItem(key);
    },
  };
}
export type TokenStore = ReturnType<typeof createTokenStore>;
