/**
 * Sweeper safety with many instances: two server instances sweep one
 * PostgreSQL backlog at the same time. Batches are taken `FOR UPDATE SKIP
 * LOCKED`, so the instances split the work; every session must be moved once
 * and announced (one outbox row) once.
 */
import { createTestSecretKey } from '@latchkey/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from './cluster.js';
import { announceSkip, assertPostgresAnswers, dropSchemas, pgUrl, testSchemaName } from './services.js';

const EXPIRED = 2600;
const ABANDONED = 900;
const LIVE = 100;

if (!pgUrl) announceSkip('two sweepers on one PostgreSQL backlog', 'LATCHKEY_TEST_PG_URL');

// Without the services the whole suite is reported as skipped (and announced above).
describe.skipIf(!pgUrl)('two sweepers on one PostgreSQL backlog', () => {
  const url = pgUrl!;
  describe('sweeper: two instances on one PostgreSQL backlog', () => {
    const schema = testSchemaName('sweep');
    const secretKey = createTestSecretKey();
    let a: Instance;
    let b: Instance;
    const db = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });

    beforeAll(async () => {
      await assertPostgresAnswers(url);
      a = await startInstance({ pgUrl: url, schema, secretKey, extra: { webhooks: { enabled: false } } });
      b = await startInstance({ pgUrl: url, schema, secretKey, extra: { webhooks: { enabled: false } } });
      await db.connect();
      const now = Date.now();
      await db.query(`INSERT INTO users (id, email_address, email_address_id, public_metadata, private_metadata, unsafe_metadata, is_banned, is_locked, created_at, updated_at)
        SELECT 'user_sw' || i, 'sw' || i || '@example.com', 'idn_sw' || i, '{}', '{}', '{}', 0, 0, $1, $1 FROM generate_series(1, 50) i`, [now]);
      await db.query(`INSERT INTO clients (id, secret_hash, created_at, updated_at) SELECT 'client_sw' || i, 'h', $1, $1 FROM generate_series(1, 50) i`, [now]);
      // Past their lifetime, past their inactivity deadline only, and still live.
      const insert = (from: number, to: number, expireAt: number, abandonAt: number | null) =>
        db.query(
          `INSERT INTO sessions (id, user_id, client_id, status, created_at, updated_at, last_active_at, expire_at, abandon_at)
           SELECT 'sess_sw' || i, 'user_sw' || (i % 50 + 1), 'client_sw' || (i % 50 + 1), 'active', $1, $1, $1, $2, $3 FROM generate_series($4::int, $5::int) i`,
          [now - 3_600_000, expireAt, abandonAt, from, to],
        );
      await insert(1, EXPIRED, now - 1000, null);
      await insert(EXPIRED + 1, EXPIRED + ABANDONED, now + 3_600_000, now - 1000);
      await insert(EXPIRED + ABANDONED + 1, EXPIRED + ABANDONED + LIVE, now + 3_600_000, now + 3_600_000);
    });
    afterAll(async () => {
      await db.end().catch(() => {});
      await b?.close();
      await a?.close();
      await dropSchemas(url, [schema]);
    });

    it('moves each session of the backlog once and writes one outbox event for it, however the instances split the batches', async () => {
      const [fromA, fromB] = await Promise.all([a.server.sweep(), b.server.sweep()]);
      console.log(`two sweepers: A moved ${fromA.expired}+${fromA.abandoned}, B moved ${fromB.expired}+${fromB.abandoned} (expired+abandoned)`);
      expect(fromA.expired + fromB.expired).toBe(EXPIRED);
      expect(fromA.abandoned + fromB.abandoned).toBe(ABANDONED);

      const statuses = await db.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM sessions GROUP BY status ORDER BY status`);
      expect(Object.fromEntries(statuses.rows.map((r) => [r.status, Number(r.n)]))).toEqual({ abandoned: ABANDONED, active: LIVE, expired: EXPIRED });

      const events = await db.query<{ type: string; payload: string }>(`SELECT type, payload FROM webhook_events WHERE type IN ('session.expired', 'session.abandoned')`);
      const announced = events.rows.map((r) => `${r.type}:${(JSON.parse(r.payload) as { data: { id: string } }).data.id}`);
      expect(announced).toHaveLength(EXPIRED + ABANDONED);
      expect(new Set(announced).size).toBe(EXPIRED + ABANDONED);
      expect(announced).toContain('session.expired:sess_sw1');
      expect(announced).toContain(`session.abandoned:sess_sw${EXPIRED + 1}`);

      // A second pass finds nothing left to move or announce.
      const again = await Promise.all([a.server.sweep(), b.server.sweep()]);
      expect(again.map((r) => r.expired + r.abandoned)).toEqual([0, 0]);
      const after = await db.query<{ n: string }>(`SELECT count(*) AS n FROM webhook_events WHERE type IN ('session.expired', 'session.abandoned')`);
      expect(Number(after.rows[0]!.n)).toBe(EXPIRED + ABANDONED);
    });
  });
});
