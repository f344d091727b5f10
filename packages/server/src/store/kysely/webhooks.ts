import { sql, type Kysely } from 'kysely';
import type { Store } from '../contract.js';
import type { RevocationStore, WebhookAttemptRecord, WebhookEndpointRecord, WebhookStore } from '../scale-out-contract.js';
import type { Database } from './schema.js';

/** Row types of migration 0004 (kept beside their only user). */
export type WebhookTables = {
  webhook_endpoints: {
    id: string;
    url: string;
    description: string;
    secret_ciphertext: string;
    event_types: string;
    is_disabled: number;
    created_at: number;
    updated_at: number;
  };
  webhook_events: { id: string; type: string; payload: string; created_at: number; is_dispatched: number };
  webhook_deliveries: {
    id: string;
    event_id: string;
    endpoint_id: string;
    status: string;
    attempts: number;
    next_attempt_at: number;
    created_at: number;
    updated_at: number;
  };
  webhook_attempts: {
    id: string;
    delivery_id: string;
    endpoint_id: string;
    event_id: string;
    event_type: string;
    attempted_at: number;
    status_code: number | null;
    error: string | null;
    duration_ms: number;
    is_success: number;
  };
};

type Db = Kysely<Database & WebhookTables>;

const toEndpoint = (row: WebhookTables['webhook_endpoints']): WebhookEndpointRecord => ({
  id: row.id,
  url: row.url,
  description: row.description,
  secretCiphertext: row.secret_ciphertext,
  eventTypes: JSON.parse(row.event_types) as string[],
  disabled: row.is_disabled === 1,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

const toAttempt = (row: WebhookTables['webhook_attempts']): WebhookAttemptRecord => ({
  id: row.id,
  deliveryId: row.delivery_id,
  endpointId: row.endpoint_id,
  eventId: row.event_id,
  eventType: row.event_type,
  attemptedAt: Number(row.attempted_at),
  statusCode: row.status_code,
  error: row.error,
  durationMs: row.duration_ms,
  success: row.is_success === 1,
});

/**
 * Runs `fn` in a transaction, or directly when `db` already is one. On
 * PostgreSQL the claims below lock their rows `FOR UPDATE SKIP LOCKED`, so
 * instances working at the same time take disjoint rows instead of queueing
 * behind each other; SQLite has a single writer, which serialises them anyway.
 */
const atomically = <T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> =>
  db.isTransaction ? fn(db) : db.transaction().execute(fn);

export function createWebhookStore(database: Kysely<Database>, dialect: Store['dialect']): WebhookStore {
  const db = database.withTables<WebhookTables>();
  const skipLocked = dialect === 'postgres';
  return {
    async createEndpoint(e) {
      await db
        .insertInto('webhook_endpoints')
        .values({
          id: e.id,
          url: e.url,
          description: e.description,
          secret_ciphertext: e.secretCiphertext,
          event_types: JSON.stringify(e.eventTypes),
          is_disabled: e.disabled ? 1 : 0,
          created_at: e.createdAt,
          updated_at: e.updatedAt,
        })
        .execute();
    },
    async getEndpoint(id) {
      const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toEndpoint(row) : null;
    },
    async listEndpoints() {
      return (await db.selectFrom('webhook_endpoints').selectAll().orderBy('created_at').orderBy('id').execute()).map(toEndpoint);
    },
    async deleteEndpoint(id) {
      return atomically(db, async (trx) => {
        // Attempts first: SQLite only cascades with foreign keys on, and the log has no FK to endpoints.
        await trx.deleteFrom('webhook_attempts').where('endpoint_id', '=', id).execute();
        await trx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
        const result = await trx.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
        return Number(result.numDeletedRows) === 1;
      });
    },
    async appendEvents(events) {
      if (events.length === 0) return;
      await db
        .insertInto('webhook_events')
        .values(events.map((e) => ({ id: e.id, type: e.type, payload: e.payload, created_at: e.createdAt, is_dispatched: 0 })))
        .execute();
    },
    async dispatchEvents(limit, at, newDeliveryId) {
      return atomically(db, async (trx) => {
        let query = trx
          .selectFrom('webhook_events')
          .select(['id', 'type'])
          .where('is_dispatched', '=', 0)
          .orderBy('created_at')
          .orderBy('id')
          .limit(limit);
        if (skipLocked) query = query.forUpdate().skipLocked();
        const events = await query.execute();
        if (events.length === 0) return 0;
        const endpoints = (await trx.selectFrom('webhook_endpoints').selectAll().where('is_disabled', '=', 0).execute()).map(toEndpoint);
        const deliveries = [];
        for (const event of events) {
          for (const endpoint of endpoints) {
            if (endpoint.eventTypes.length > 0 && !endpoint.eventTypes.includes(event.type)) continue;
            deliveries.push({
              id: newDeliveryId(),
              event_id: event.id,
              endpoint_id: endpoint.id,
              status: 'pending',
              attempts: 0,
              next_attempt_at: at,
              created_at: at,
              updated_at: at,
            });
          }
        }
        for (let i = 0; i < deliveries.length; i += 500) {
          await trx.insertInto('webhook_deliveries').values(deliveries.slice(i, i + 500)).execute();
        }
        await trx
          .updateTable('webhook_events')
          .set({ is_dispatched: 1 })
          .where(
            'id',
            'in',
            events.map((e) => e.id),
          )
          .execute();
        return events.length;
      });
    },
    async claimDeliveries(now, limit, leaseMs) {
      return atomically(db, async (trx) => {
        let due = trx
          .selectFrom('webhook_deliveries')
          .select('id')
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', now)
          .orderBy('next_attempt_at')
          .limit(limit);
        if (skipLocked) due = due.forUpdate().skipLocked();
        const ids = (await due.execute()).map((r) => r.id);
        if (ids.length === 0) return [];
        await trx
          .updateTable('webhook_deliveries')
          .set({ next_attempt_at: now + leaseMs, updated_at: now })
          .where('id', 'in', ids)
          .execute();
        const rows = await trx
          .selectFrom('webhook_deliveries as d')
          .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
          .innerJoin('webhook_endpoints as p', 'p.id', 'd.endpoint_id')
          .select([
            'd.id as delivery_id',
            'd.attempts',
            'e.id as event_id',
            'e.type',
            'e.payload',
            'e.created_at as event_created_at',
            'p.id',
            'p.url',
            'p.description',
            'p.secret_ciphertext',
            'p.event_types',
            'p.is_disabled',
            'p.created_at',
            'p.updated_at',
          ])
          .where('d.id', 'in', ids)
          .orderBy('e.created_at')
          .orderBy('e.id')
          .execute();
        return rows.map((r) => ({
          deliveryId: r.delivery_id,
          attempts: r.attempts,
          event: { id: r.event_id, type: r.type, payload: r.payload, createdAt: Number(r.event_created_at) },
          endpoint: toEndpoint(r),
        }));
      });
    },
    async recordAttempt(attempt, status, nextAttemptAt) {
      await atomically(db, async (trx) => {
        await trx
          .insertInto('webhook_attempts')
          .values({
            id: attempt.id,
            delivery_id: attempt.deliveryId,
            endpoint_id: attempt.endpointId,
            event_id: attempt.eventId,
            event_type: attempt.eventType,
            attempted_at: attempt.attemptedAt,
            status_code: attempt.statusCode,
            error: attempt.error,
            duration_ms: attempt.durationMs,
            is_success: attempt.success ? 1 : 0,
          })
          .execute();
        await trx
          .updateTable('webhook_deliveries')
          .set((eb) => ({ status, attempts: eb('attempts', '+', 1), next_attempt_at: nextAttemptAt, updated_at: attempt.attemptedAt }))
          .where('id', '=', attempt.deliveryId)
          .execute();
      });
    },
    async listAttempts(endpointId, { limit, offset }) {
      const rows = await db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where('endpoint_id', '=', endpointId)
        .orderBy('attempted_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(toAttempt);
    },
    async backlog() {
      const events = await db
        .selectFrom('webhook_events')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('is_dispatched', '=', 0)
        .executeTakeFirstOrThrow();
      const deliveries = await db
        .selectFrom('webhook_deliveries')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      return { undispatchedEvents: Number(events.n), pendingDeliveries: Number(deliveries.n) };
    },
    async purgeEvents(before, batchSize) {
      const ids = (
        await db
          .selectFrom('webhook_events as e')
          .select('e.id')
          .where('e.is_dispatched', '=', 1)
          .where('e.created_at', '<', before)
          .where(({ not, exists, selectFrom }) =>
            not(exists(selectFrom('webhook_deliveries as d').select('d.id').whereRef('d.event_id', '=', 'e.id').where('d.status', '=', 'pending'))),
          )
          .limit(batchSize)
          .execute()
      ).map((r) => r.id);
      if (ids.length === 0) return 0;
      return atomically(db, async (trx) => {
        const deliveryIds = trx.selectFrom('webhook_deliveries').select('id').where('event_id', 'in', ids);
        await trx.deleteFrom('webhook_attempts').where('delivery_id', 'in', deliveryIds).execute();
        await trx.deleteFrom('webhook_deliveries').where('event_id', 'in', ids).execute();
        const result = await trx.deleteFrom('webhook_events').where('id', 'in', ids).executeTakeFirst();
        return Number(result.numDeletedRows);
      });
    },
  };
}

export function createRevocationStore(db: Kysely<Database>): RevocationStore {
  return {
    async listEndedSince(since, limit) {
      // Served by sessions_status_ended_idx (status, ended_at): one range per ended status.
      const rows = await db
        .selectFrom('sessions')
        .select(['id', 'user_id', 'ended_at'])
        .where('status', 'in', ['ended', 'removed', 'revoked', 'expired', 'abandoned', 'replaced'])
        .where('ended_at', '>=', since)
        .orderBy('ended_at')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ sessionId: r.id, userId: r.user_id, endedAt: Number(r.ended_at) }));
    },
    async ping() {
      await sql`SELECT 1`.execute(db);
    },
  };
}
