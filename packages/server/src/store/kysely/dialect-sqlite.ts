import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
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
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
  return createKyselyStore(db, 'sqlite');
}
