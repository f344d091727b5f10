import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Store } from '../contract.js';
import { StoreUnavailableError } from '../scale-out-contract.js';
import { createKyselyStore } from './create-kysely-store.js';
import type { Database } from './schema.js';

export interface PostgresStoreOptions {
  connectionString: string;
  /** Schema to use (created when missing); tests give each run its own. @default 'public' */
  schema?: string;
  /** Most connections in the pool. @default 10 */
  maxConnections?: number;
  /** Waiting longer than this for a connection fails the query with `StoreUnavailableError`. @default 5000 */
  connectionTimeoutMs?: number;
  /** Idle connections are closed after this. @default 30000 */
  idleTimeoutMs?: number;
}

// Connection-level failures (SQLSTATE class 08, server shutting down 57P0x,
// socket errors): the database is unreachable, not the query wrong.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03']);
function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  if (code && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(error.message);
}

const translate = (error: unknown) => (isConnectionError(error) ? new StoreUnavailableError(error) : error);

/**
 * The pool as Kysely sees it, with connection failures turned into
 * `StoreUnavailableError`. pg drops broken connections and opens new ones on
 * the next checkout, so the store recovers without a restart.
 */
function wrapPool(pool: pg.Pool) {
  return {
    async connect() {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw translate(error);
      }
      return {
        query: (...args: unknown[]) => (client.query as (...a: unknown[]) => Promise<unknown>)(...args).catch((error) => {
          throw translate(error);
        }),
        release: (destroy?: boolean | Error) => client.release(destroy),
      };
    },
    end: () => pool.end(),
  };
}

/** Opens a PostgreSQL store (node-postgres pool). */
export function createPostgresStore(options: PostgresStoreOptions): Store {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new TypeError('Invalid PostgreSQL schema name');
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
    idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
    // Every pooled connection works in the configured schema.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    // BIGINT (int8) timestamps come back as numbers, as on SQLite.
    types: { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text')) } as pg.CustomTypesConfig,
  });
  // An idle connection that breaks (database restarted) is reported here;
  // without a listener, node-postgres would crash the process.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: wrapPool(pool) as unknown as pg.Pool }) });
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
