/**
 * The store seam for scale-out features: the webhook outbox and the
 * revocation feed's read of recently ended sessions. Part of `Store`
 * (`contract.ts`); kept in its own file so the core contract stays readable.
 * All timestamps are Unix milliseconds.
 */

export interface WebhookEndpointRecord {
  id: string;
  url: string;
  description: string;
  /** The `whsec_…` signing secret, sealed with the instance's crypto box. */
  secretCiphertext: string;
  /** Event types delivered to this endpoint; empty means every type. */
  eventTypes: string[];
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

/** One outbox row: an event, stored in the same transaction as the change it announces. */
export interface WebhookEventRecord {
  /** `msg_…`: the `webhook-id` receivers deduplicate by; the same on every retry. */
  id: string;
  type: string;
  /** The JSON body, exactly as it is signed and sent. */
  payload: string;
  createdAt: number;
}

/** A delivery an instance has leased: it sends it, then records the attempt. */
export interface WebhookDeliveryClaim {
  deliveryId: string;
  /** Attempts made before this one. */
  attempts: number;
  event: WebhookEventRecord;
  endpoint: WebhookEndpointRecord;
}

export interface WebhookAttemptRecord {
  id: string;
  deliveryId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  attemptedAt: number;
  /** The receiver's HTTP status; null when no response arrived. */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  success: boolean;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookStore {
  createEndpoint(endpoint: WebhookEndpointRecord): Promise<void>;
  getEndpoint(id: string): Promise<WebhookEndpointRecord | null>;
  listEndpoints(): Promise<WebhookEndpointRecord[]>;
  /** Deletes the endpoint with its pending deliveries and attempt log. */
  deleteEndpoint(id: string): Promise<boolean>;
  /** Appends events to the outbox (call it with the transaction's store). */
  appendEvents(events: WebhookEventRecord[]): Promise<void>;
  /**
   * Turns up to `limit` undispatched events, oldest first, into one pending
   * delivery per enabled endpoint that takes their type, and marks them
   * dispatched, atomically; concurrent callers take disjoint events.
   * Returns how many events it dispatched.
   */
  dispatchEvents(limit: number, at: number, newDeliveryId: () => string): Promise<number>;
  /**
   * Leases up to `limit` pending deliveries that are due at `now`: their next
   * attempt moves to `now + leaseMs`, so another instance only picks one up
   * again if this one dies mid-send. Concurrent callers get disjoint sets.
   */
  claimDeliveries(now: number, limit: number, leaseMs: number): Promise<WebhookDeliveryClaim[]>;
  /** Logs an attempt and moves its delivery to `status` (`pending` retries at `nextAttemptAt`). */
  recordAttempt(attempt: WebhookAttemptRecord, status: WebhookDeliveryStatus, nextAttemptAt: number): Promise<void>;
  /** An endpoint's attempts, newest first. */
  listAttempts(endpointId: string, options: { limit: number; offset: number }): Promise<WebhookAttemptRecord[]>;
  /** Work not yet done: events not dispatched, deliveries pending. */
  backlog(): Promise<{ undispatchedEvents: number; pendingDeliveries: number }>;
  /** Deletes up to `batchSize` dispatched events created before `before` that have no pending delivery; returns how many. */
  purgeEvents(before: number, batchSize: number): Promise<number>;
}

export interface EndedSessionEntry {
  sessionId: string;
  userId: string;
  endedAt: number;
}

export interface RevocationStore {
  /** Sessions that left `active` at or after `since`, oldest first (the feed's catch-up read). */
  listEndedSince(since: number, limit: number): Promise<EndedSessionEntry[]>;
  /** Cheap round trip for readiness checks; throws when the database cannot be reached. */
  ping(): Promise<void>;
}

/**
 * The database cannot be reached (connection refused, dropped or timed out).
 * The HTTP layer answers it with 503 `service_unavailable`: the request may
 * be retried, and the instance recovers by itself when the database returns.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  readonly code = 'store_unavailable';
  constructor(cause: unknown) {
    super('The database cannot be reached', { cause });
  }
}

export function isStoreUnavailableError(error: unknown): error is StoreUnavailableError {
  return error instanceof Error && error.name === 'StoreUnavailableError';
}
