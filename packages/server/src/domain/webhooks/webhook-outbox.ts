import type { Store } from '../../store/contract.js';
import type { DomainEvent, EventOutbox } from '../events.js';
import { createId, type RandomSource } from '../ids.js';
import { toWebhookPayload } from './event-payload.js';

/**
 * The outbox writer `inTransaction` calls: one `webhook_events` row per
 * event, in the transaction of the change. Every event is written, whether or
 * not an endpoint exists yet; the dispatcher fans them out to the endpoints
 * that exist when it runs, and purges them after the retention.
 */
export function createWebhookOutbox(options: { now: () => number; random: RandomSource; onRecorded?: () => void }): EventOutbox {
  return {
    async record(store: Store, events: DomainEvent[]) {
      const at = options.now();
      await store.webhooks.appendEvents(
        events.map((event) => ({ id: createId('msg', options.random), type: event.type, payload: toWebhookPayload(event, at), createdAt: at })),
      );
      options.onRecorded?.();
    },
  };
}
