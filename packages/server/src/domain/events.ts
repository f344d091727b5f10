/**
 * Domain events: every session transition and user change is announced here
 * after it is stored. Listeners (the revocation feed, the webhook outbox,
 * metrics) subscribe in `index.ts`; the domain does not know who listens.
 */
import type { SessionRecord, UserRecord } from '../store/contract.js';
import type { DomainContext } from './context.js';

export type DomainEvent =
  | { type: `session.${'created' | 'ended' | 'removed' | 'revoked' | 'expired' | 'abandoned' | 'replaced'}`; session: SessionRecord }
  | { type: `user.${'created' | 'updated' | 'deleted'}`; user: UserRecord };

export type DomainEventListener = (event: DomainEvent) => void;

export interface DomainEvents {
  emit(event: DomainEvent): void;
  on(listener: DomainEventListener): () => void;
}

export function createDomainEvents(onListenerError: (error: unknown) => void): DomainEvents {
  const listeners = new Set<DomainEventListener>();
  return {
    emit(event) {
      for (const listener of listeners) {
        // A failing listener must not undo or fail the change it heard about.
        try {
          listener(event);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function emitSessionEvent(ctx: DomainContext, session: SessionRecord): void {
  ctx.events.emit({ type: `session.${session.status === 'active' ? 'created' : session.status}`, session });
}
