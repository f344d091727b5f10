import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from './kysely/dialect-sqlite.js';
import { runStoreContract } from './store.contract.js';

runStoreContract('sqlite :memory:', async () => {
  const store = createSqliteStore(':memory:');
  await store.migrate();
  return store;
});

describe('sqlite file store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-sqlite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the file and its folder, migrates once and keeps data across reopen', async () => {
    const path = join(dir, 'nested', 'latchkey.db');
    const first = createSqliteStore(path);
    await first.migrate();
    await first.instance.initialize({ secretKeyHash: 'h', settings: {}, createdAt: 1, updatedAt: 1 });
    await first.close();
    const second = createSqliteStore(path);
    await second.migrate();
    expect((await second.instance.get())?.secretKeyHash).toBe('h');
    await second.close();
  });
});

describe('the SQLite statement cache', () => {
  it('reuses prepared statements by SQL text and keeps at most its size', async () => {
    const { default: Database } = await import('better-sqlite3');
    const { withStatementCache } = await import('./kysely/dialect-sqlite.js');
    const sqlite = new Database(':memory:');
    let prepared = 0;
    const counting = Object.assign(Object.create(sqlite), { prepare: (sql: string) => (prepared++, sqlite.prepare(sql)) });
    const db = withStatementCache(counting, 2);
    expect(db.prepare('select 1')).toBe(db.prepare('select 1'));
    db.prepare('select 2');
    db.prepare('select 3'); // evicts 'select 1', the least recently used
    db.prepare('select 1');
    expect(prepared).toBe(4);
    expect((db.prepare('select 2') as unknown as { all(p: unknown[]): unknown[] }).all([])).toEqual([{ 2: 2 }]);
    db.close();
  });
});
