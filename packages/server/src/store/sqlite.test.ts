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
