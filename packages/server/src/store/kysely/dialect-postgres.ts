import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Store } from '../contract.js';
import { createKyselyStore } from './create-kysely-store.js';
import type { Database } from './schema.js';

export interface PostgresStoreOptions {
  connectionString: string;
  /** Schema to use (created when missing); tests give each run its own. @default 'public' */
  schema?: string;
  /** Most connections in the pool. @default 10 */
  maxConnections?: number;
}

/** Opens a PostgreSQL store (node-postgres pool). */
export function createPostgresStore(options: PostgresStoreOptions): Store {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new TypeError('Invalid PostgreSQL schema name');
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    // Every pooled connection works in the configured schema.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    // BIGINT (int8) timestamps come back as numbers, as on SQLite.
    types: { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text')) } as pg.CustomTypesConfig,
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return createKyselyStore(db, 'postgres', {
    // CREATE SCHEMA IF NOT EXISTS is not safe against itself (two instances
    // starting at once both try to insert the namespace): serialise it.
    beforeMigrate: schema
      ? () =>
          db.transaction().execute(async (trx) => {
            await sql`SELECT pg_advisory_xact_lock(hashtext(${`latchkey:schema:${schema}`}))`.execute(trx);
            await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(trx);
          })
      : undefined,
    // Kysely looks for its migration tables in any schema unless told which one.
    migrationTableSchema: schema,
  });
}
