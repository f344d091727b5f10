import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip, assertPostgresAnswers, dropSchemas, pgUrl, testSchemaName } from '../integration/services.js';
import { createPostgresStore } from './kysely/dialect-postgres.js';
import { runStoreContract } from './store.contract.js';

if (!pgUrl) {
  announceSkip('store contract on PostgreSQL', 'LATCHKEY_TEST_PG_URL');
  describe.skip('store contract: postgres (LATCHKEY_TEST_PG_URL not set)', () => it('needs PostgreSQL', () => {}));
} else {
  const url = pgUrl;
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
}
