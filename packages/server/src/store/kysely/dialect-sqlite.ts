import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Store } from '../contract.js';
import { createKyselyStore } from './create-kysely-store.js';
import type { Database as Schema } from './schema.js';

/**
 * Opens (creating when needed) a SQLite store. `path` is a file path, or
 * `:memory:` for a throwaway database.
 */
export function createSqliteStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  // WAL lets readers proceed while a write commits; NORMAL sync is durable
  // across process crashes in WAL mode (only an OS crash can lose the last
  // commits). Foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return createKyselyStore(db, 'sqlite');
}

const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely prepares a statement for every query; with better-sqlite3 the
 * prepare costs about as much as running a small indexed read. Our queries
 * are built from a fixed set of shapes, so prepared statements are kept by
 * SQL text (least recently used dropped first) and reused, unless one is
 * still busy iterating.
 */
export function withStatementCache(sqlite: Database.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}
