/**
 * 1,000,000 sessions in PostgreSQL (issue 8): bulk-loaded with
 * generate_series into a schema of its own (dropped afterwards), then
 * - listing one user's sessions through the Backend API, p50/p99 over 200
 *   lookups of random users, against reading one session by id (the
 *   primary-key baseline), with the plan showing the index is used;
 * - the sweeper over a large backlog (expired, abandoned, long-ended rows),
 *   timed, while a request loop measures what a concurrent caller sees
 *   against the same loop with the sweeper idle.
 */
import { createLatchkeyServer } from '@latchkey/server';
import { createTestSecretKey } from '@latchkey/testing';
import type { BenchModule } from './lib/measure.js';
import { benchName, dropSchema, latencySummary, ms, schemaUrl, withPg } from './lib/services.js';

const USERS = 100_000;
const SESSIONS = 1_000_000;
const LOOKUPS = 200;
const silent = { info() {}, warn() {}, error() {} };

/**
 * Session i belongs to user ((i-1) % USERS) + 1. By i % 20:
 * 0–11 active and live, 12–13 ended an hour ago, 14–15 revoked a day ago,
 * 16–17 active past expire_at (100k to expire), 18 active past abandon_at
 * (50k to abandon), 19 ended 40 days ago (50k to purge: retention is 30 days).
 */
const LOAD_SESSIONS = `
  INSERT INTO sessions (id, user_id, client_id, status, created_at, updated_at, last_active_at, expire_at, abandon_at, ended_at)
  SELECT 'sess_b' || lpad(i::text, 7, '0'), 'user_b' || ((i - 1) % ${USERS} + 1), 'client_b' || ((i - 1) % ${USERS} + 1),
         CASE WHEN k < 12 OR k IN (16, 17, 18) THEN 'active' WHEN k IN (12, 13) THEN 'ended' WHEN k IN (14, 15) THEN 'revoked' ELSE 'ended' END,
         $1::bigint - 86400000::bigint * 2, $1::bigint - 60000, $1::bigint - (i % 86400) * 1000,
         CASE WHEN k IN (16, 17) THEN $1::bigint - 1000 ELSE $1::bigint + 86400000::bigint * 7 END,
         CASE WHEN k = 18 THEN $1::bigint - 1000 ELSE NULL END,
         CASE WHEN k IN (12, 13) THEN $1::bigint - 3600000 WHEN k IN (14, 15) THEN $1::bigint - 86400000 WHEN k = 19 THEN $1::bigint - 86400000::bigint * 40 ELSE NULL END
  FROM (SELECT i, i % 20 AS k FROM generate_series(1, ${SESSIONS}) i) s`;

export const sessions1mBench: BenchModule = {
  name: 'sessions-1m',
  description: '1,000,000 sessions in PostgreSQL: list one user\'s sessions, and the sweeper over a large backlog',
  async run() {
    const schema = benchName('1m');
    const secretKey = createTestSecretKey();
    const server = createLatchkeyServer({
      databaseUrl: schemaUrl(schema),
      secretKey,
      publicUrl: 'http://localhost:4400',
      sweepIntervalMs: 0,
      reloadIntervalMs: 1000,
      logger: silent,
      webhooks: { enabled: false },
    });
    try {
      await server.ready();
      const now = Date.now();
      const loadStarted = performance.now();
      await withPg(schema, async (db) => {
        // Loading only: the figures below are taken with normal commits.
        await db.query('SET synchronous_commit = off');
        await db.query(
          `INSERT INTO users (id, email_address, email_address_id, public_metadata, private_metadata, unsafe_metadata, is_banned, is_locked, created_at, updated_at)
           SELECT 'user_b' || i, 'b' || i || '@example.com', 'idn_b' || i, '{}', '{}', '{}', 0, 0, $1, $1 FROM generate_series(1, ${USERS}) i`,
          [now],
        );
        await db.query(`INSERT INTO clients (id, secret_hash, created_at, updated_at) SELECT 'client_b' || i, 'h', $1, $1 FROM generate_series(1, ${USERS}) i`, [now]);
        await db.query(LOAD_SESSIONS, [now]);
        await db.query('ANALYZE users; ANALYZE clients; ANALYZE sessions');
      });
      const loadSeconds = (performance.now() - loadStarted) / 1000;

      const api = async (path: string) => {
        const response = await server.fetch(new Request(new URL(path, 'http://localhost:4400'), { headers: { authorization: `Bearer ${secretKey}` } }));
        if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
        return response.json() as Promise<unknown[]>;
      };
      const randomUser = () => `user_b${1 + Math.floor(Math.random() * USERS)}`;
      const timed = async (path: () => string, n: number) => {
        const samples: number[] = [];
        for (let i = 0; i < n; i++) {
          const started = performance.now();
          await api(path());
          samples.push(performance.now() - started);
        }
        return latencySummary(samples);
      };

      // A live session (i % 20 < 12): reading it never settles (writes) anything.
      const randomLiveSession = () => {
        const i = 20 * Math.floor(Math.random() * (SESSIONS / 20)) + Math.floor(Math.random() * 12);
        return `sess_b${String(i === 0 ? 20 : i).padStart(7, '0')}`;
      };

      // A caller during the sweep: reads of live sessions, back to back, against the same loop with the sweeper idle.
      const loop = async (until: () => boolean) => {
        const samples: number[] = [];
        while (!until()) {
          const started = performance.now();
          await api(`/v1/sessions/${randomLiveSession()}`);
          samples.push(performance.now() - started);
        }
        return latencySummary(samples);
      };
      await timed(() => `/v1/sessions/${randomLiveSession()}`, 100); // warm-up
      const idleUntil = performance.now() + 2000;
      const idle = await loop(() => performance.now() > idleUntil);
      let sweeping = true;
      const sweepStarted = performance.now();
      const [swept, during] = await Promise.all([
        server.sweep().finally(() => (sweeping = false)),
        loop(() => !sweeping),
      ]);
      const sweepSeconds = (performance.now() - sweepStarted) / 1000;
      const moved = swept.expired + swept.abandoned;
      const outbox = await withPg(schema, async (db) => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM webhook_events`)).rows[0]!.n));

      // Listing, once the backlog is settled (before it, a listing also settles what it finds past its deadline).
      await withPg(schema, (db) => db.query('ANALYZE sessions'));
      await timed(() => `/v1/sessions?user_id=${randomUser()}&status=active`, 50); // warm-up
      const byId = await timed(() => `/v1/sessions/${randomLiveSession()}`, LOOKUPS);
      const listActive = await timed(() => `/v1/sessions?user_id=${randomUser()}&status=active`, LOOKUPS);
      const listAll = await timed(() => `/v1/sessions?user_id=${randomUser()}`, LOOKUPS);
      const sample = await api(`/v1/sessions?user_id=user_b7`);
      const plan = await withPg(schema, async (db) => {
        const { rows } = await db.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT * FROM sessions WHERE user_id = $1 AND status = $2 ORDER BY last_active_at DESC, id ASC LIMIT 100`,
          ['user_b7', 'active'],
        );
        return rows.map((r) => r['QUERY PLAN'].trim());
      });

      const summary = (s: ReturnType<typeof latencySummary>) => `p50 ${ms(s.p50)}  p99 ${ms(s.p99)}  max ${ms(s.max)}  (n=${s.n})`;
      return {
        name: 'sessions-1m',
        rows: [
          { label: `bulk load: ${USERS.toLocaleString('en-US')} users, ${SESSIONS.toLocaleString('en-US')} sessions (generate_series)`, value: `${loadSeconds.toFixed(1)} s` },
          { label: 'GET /v1/sessions/:id (primary key; baseline)', value: summary(byId) },
          { label: 'GET /v1/sessions?user_id=…&status=active (one user\'s active sessions)', value: summary(listActive) },
          { label: 'GET /v1/sessions?user_id=… (one user\'s sessions, every status)', value: summary(listAll) },
          { label: 'sweep: expired + abandoned moved (each with its outbox event), ended purged', value: `${swept.expired.toLocaleString('en-US')} + ${swept.abandoned.toLocaleString('en-US')} moved, ${swept.purged.toLocaleString('en-US')} purged, ${outbox.toLocaleString('en-US')} outbox rows` },
          { label: 'sweep: wall time (batches of 500)', value: `${sweepSeconds.toFixed(1)} s = ${Math.round(moved / sweepSeconds).toLocaleString('en-US')} sessions moved/s` },
          { label: 'concurrent GET /v1/sessions/:id loop, sweeper idle', value: summary(idle) },
          { label: 'concurrent GET /v1/sessions/:id loop, while the sweeper runs', value: summary(during) },
        ],
        ratios: [
          // Both are a few index probes; the listing reads ~10 heap pages scattered over 1M rows (cold ones set its p99).
          { label: 'list one user\'s active sessions p50 / get by id p50', value: listActive.p50 / byId.p50, target: '< 3 (indexed, no scan)' },
          { label: 'list one user\'s active sessions p99 / get by id p99', value: listActive.p99 / byId.p99 },
          { label: 'concurrent request p50 during sweep / idle', value: during.p50 / idle.p50 },
          { label: 'concurrent request p99 during sweep / idle', value: during.p99 / idle.p99 },
        ],
        notes: [
          `a user has ${SESSIONS / USERS} sessions (${(sample as unknown[]).length} listed for user_b7); plan for the listing query:`,
          ...plan.map((line) => `  ${line}`),
        ],
      };
    } finally {
      await server.close();
      await dropSchema(schema);
    }
  },
};
