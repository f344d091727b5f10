import type { SessionResource } from './resources.js';

/**
 * What the client announces. Each fires in every tab: a change made in one
 * tab reaches the others over the tab channel and is announced there too.
 */
export interface LatchkeyEventMap {
  /** A session was added to this browser (sign-in or sign-up, here or in another tab). */
  'signed-in': { session: SessionResource };
  /** Sessions left this browser: signed out, removed, revoked elsewhere, or expired. */
  'signed-out': { sessionIds: string[]; signedOutCompletely: boolean };
  /** The active session (or its organization) changed; `null` when signed out. */
  'session-changed': { session: SessionResource | null; organizationId: string | null };
  /** A new token was obtained for the active session (minted here or shared by another tab). */
  'token-refreshed': { sessionId: string; template: string | null; expiresAt: number };
}

export type LatchkeyEventName = keyof LatchkeyEventMap;
export type LatchkeyListener<E extends LatchkeyEventName> = (payload: LatchkeyEventMap[E]) => void;

/** A small typed emitter; a throwing listener never stops the others. */
export function createEmitter() {
  const listeners = new Map<LatchkeyEventName, Set<(payload: never) => void>>();
  return {
    on<E extends LatchkeyEventName>(event: E, listener: LatchkeyListener<E>): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    emit<E extends LatchkeyEventName>(event: E, payload: LatchkeyEventMap[E]): void {
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          (listener as LatchkeyListener<E>)(payload);
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    },
  };
}
export type Emitter = ReturnType<typeof createEmitter>;
