import type { Store } from './contract.js';

/**
 * Opens the store a database URL names: `sqlite:<path>` (or
 * `sqlite::memory:`) or `postgres://…`. Drivers load only when used, so an
 * embedded install never needs `pg`.
 */
export async function openStore(databaseUrl: string): Promise<Store> {
  if (databaseUrl.startsWith('sqlite:')) {
    const { createSqliteStore } = await import('./kysely/dialect-sqlite.js');
    return createSqliteStore(databaseUrl.slice('sqlite:'.length));
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    const { createPostgresStore } = await import('./kysely/dialect-postgres.js');
    return createPostgresStore({ connectionString: databaseUrl });
  }
  throw new TypeError('LATCHKEY_DATABASE_URL must start with sqlite: or postgres://');
}
