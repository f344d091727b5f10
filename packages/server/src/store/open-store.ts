import type { Store } from './contract.js';

/**
 * Opens the store a database URL names: `sqlite:<path>` (or
 * `sqlite::memory:`) or `postgres://…`. Drivers load only when used, so an
 * embedded install never needs `pg`. A PostgreSQL URL may name the schema
 * to work in with `?schema=<name>` (created when missing; default `public`).
 */
export async function openStore(databaseUrl: string): Promise<Store> {
  if (databaseUrl.startsWith('sqlite:')) {
    const { createSqliteStore } = await import('./kysely/dialect-sqlite.js');
    return createSqliteStore(databaseUrl.slice('sqlite:'.length));
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    const { createPostgresStore } = await import('./kysely/dialect-postgres.js');
    const url = new URL(databaseUrl);
    const schema = url.searchParams.get('schema') ?? undefined;
    // node-postgres would pass an unknown parameter on to the server as a setting.
    url.searchParams.delete('schema');
    return createPostgresStore({ connectionString: url.toString(), ...(schema ? { schema } : {}) });
  }
  throw new TypeError('LATCHKEY_DATABASE_URL must start with sqlite: or postgres://');
}
