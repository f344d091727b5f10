/**
 * Domain events: every session transition and user change is announced here
 * after it is stored. Listeners (the revocation feed, metrics) subscribe in
 * `index.ts`; the domain does not know who listens.
 *
 * Changes that announce events run through `inTransaction`: the events are
 * written to the outbox (`ctx.outbox`, the webhooks) by the same transaction
 * as the change, so a change is never stored without its event nor the other
 * way round, and in-process listeners hear them only after the commit.
 */
import type { MembershipDetails, SessionRecord, Store, UserRecord } from '../store/contract.js';
import type { DomainContext } from './context.js';

export type DomainEvent =
  | { type: `session.${'created' | 'ended' | 'removed' | 'revoked' | 'expired' | 'abandoned' | 'replaced'}`; session: SessionRecord }
  | { type: `user.${'created' | 'updated' | 'deleted'}`; user: UserRecord }
  /** A membership as it is after the change (as it was, for `deleted`). */
  | { type: `organizationMembership.${'created' | 'updated' | 'deleted'}`; membership: MembershipDetails };

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

/** Writes events into the transaction that stores their change (the webhook outbox). */
export interface EventOutbox {
  record(store: Store, events: DomainEvent[]): Promise<void>;
}

const pendingEvents = Symbol('latchkey.pendingEvents');
type BufferingEvents = DomainEvents & { [pendingEvents]: DomainEvent[] };

/**
 * Runs `fn` in one store transaction with a context whose `store` works inside
 * it and whose `events` are collected; before the commit they go to the
 * outbox, after it to the in-process listeners. Called inside another
 * `inTransaction`, it joins that transaction. Inside `fn`, use only the
 * context it is given (on SQLite the outer store waits for this transaction).
 */
export async function inTransaction<T>(ctx: DomainContext, fn: (tx: DomainContext) => Promise<T>): Promise<T> {
  if (pendingEvents in ctx.events) return fn(ctx);
  const pending: DomainEvent[] = [];
  const result = await ctx.store.transaction(async (store) => {
    pending.length = 0;
    const events: BufferingEvents = {
      [pendingEvents]: pending,
      emit: (event) => void pending.push(event),
      on: (listener) => ctx.events.on(listener),
    };
    const value = await fn({ ...ctx, store, events });
    if (pending.length > 0 && ctx.outbox) await ctx.outbox.record(store, pending);
    return value;
  });
  for (const event of pending) ctx.events.emit(event);
  return result;
}
