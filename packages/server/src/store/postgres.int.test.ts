import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip, assertPostgresAnswers, dropSchemas, pgUrl, testSchemaName } from '../integration/services.js';
import { createPostgresStore } from './kysely/dialect-postgres.js';
import { makeSession, makeUser, runStoreContract } from './store.contract.js';

if (!pgUrl) announceSkip('store contract on PostgreSQL', 'LATCHKEY_TEST_PG_URL');

// Without the services the whole suite is reported as skipped (and announced above).
describe.skipIf(!pgUrl)('store contract on PostgreSQL', () => {
  const url = pgUrl!;
  const schemas: string[] = [];
  beforeAll(() => assertPostgresAnswers(url));
  afterAll(() => dropSchemas(url, schemas));

  // A fresh schema per test: the contract expects an empty store each time.
  runStoreContract('postgres', async () => {
    const schema = testSchemaName();
    schemas.push(schema);
    const store = createPostgresStore({ connectionString: url, schema, maxConnections: 4 });
    await store.migrate();
    return store;
  });

  describe('postgres store', () => {
    it('gives a second sweeper other sessions while a first one holds its batch uncommitted (SKIP LOCKED, no waiting, no double move)', async () => {
      const schema = testSchemaName('sweep');
      schemas.push(schema);
      const store = createPostgresStore({ connectionString: url, schema, maxConnections: 4 });
      try {
        await store.migrate();
        const user = makeUser();
        await store.users.create(user);
        await store.clients.create({ id: 'client_sk', secretHash: 'h', lastActiveSessionId: null, createdAt: 1, updatedAt: 1 });
        for (let i = 0; i < 5; i++) await store.sessions.create(makeSession(user.id, 'client_sk', { expireAt: 100 }));
        const seen: string[] = [];
        await store.transaction(async (tx) => {
          const first = await tx.sessions.sweep(200, 3);
          // Another connection, while the first batch is locked and not committed.
          const second = await store.sessions.sweep(200, 3);
          seen.push(...first.expired.map((s) => s.id), ...second.expired.map((s) => s.id));
          expect(first.expired).toHaveLength(3);
          expect(second.expired).toHaveLength(2);
        });
        expect(new Set(seen).size).toBe(5);
        expect((await store.sessions.sweep(200, 10)).expired).toEqual([]);
        expect(await store.sessions.count({ status: 'expired' })).toBe(5);
      } finally {
        await store.close();
      }
    });

    it('runs migrations exactly once when several instances migrate the same schema at once', async () => {
      const schema = testSchemaName('migrate');
      schemas.push(schema);
      const stores = Array.from({ length: 4 }, () => createPostgresStore({ connectionString: url, schema, maxConnections: 2 }));
      try {
        await Promise.all(stores.map((s) => s.migrate()));
        await stores[0]!.instance.initialize({ secretKeyHash: 'h', settings: {}, createdAt: 1, updatedAt: 1 });
        expect((await stores[3]!.instance.get())?.secretKeyHash).toBe('h');
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });
  });
});
