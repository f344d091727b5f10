/**
 * Refresh (token mint) throughput through the Frontend API token endpoint,
 * on PostgreSQL against the embedded default (a SQLite file), in
 * interleaved rounds so that a busy moment on the machine hits both alike.
 * A mint is one store read (session, user, organization in one join) and
 * one signature, so the two should be close.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestServer, type TestBrowser, type TestServer } from '@latchkey/testing';
import { fmt, opsPerSecondConcurrent, type BenchModule } from './lib/measure.js';
import { benchName, dropSchema, pgUrl, schemaUrl } from './lib/services.js';

const SESSIONS = 32;
const CONCURRENCY = 8;
const ROUNDS = 3;

async function prepare(databaseUrl: string) {
  // Production reload interval: settings and keys are re-read from the store once a second.
  const t = await createTestServer({ clock: false, reloadIntervalMs: 1000, databaseUrl });
  const browsers: { browser: TestBrowser; sessionId: string }[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const browser = t.browser({ ip: `10.1.${i}.1` });
    const { sessionId } = await browser.signUp(`refresh${i}@example.com`, 'bench password 123');
    browsers.push({ browser, sessionId });
  }
  // Each slot owns a distinct session, so no two requests share a mint.
  const mint = async (slot: number) => {
    const { browser, sessionId } = browsers[slot % SESSIONS]!;
    const response = await browser.fetch(`/v1/client/sessions/${sessionId}/tokens`, { method: 'POST' });
    if (response.status !== 200) throw new Error(`mint failed: ${response.status}`);
    await response.arrayBuffer();
  };
  return { t, mint };
}

export const refreshStoresBench: BenchModule = {
  name: 'refresh-stores',
  description: 'Token refresh through POST /v1/client/sessions/:id/tokens on PostgreSQL vs a SQLite file',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-bench-'));
    const schema = benchName('refresh');
    let sqlite: { t: TestServer; mint: (slot: number) => Promise<void> } | undefined;
    let postgres: typeof sqlite;
    try {
      sqlite = await prepare(`sqlite:${join(dir, 'latchkey.db')}`);
      postgres = await prepare(schemaUrl(schema));
      let onSqlite = 0;
      let onPostgres = 0;
      for (let round = 0; round < ROUNDS; round++) {
        onSqlite += (await opsPerSecondConcurrent(sqlite.mint, CONCURRENCY, 1000)) / ROUNDS;
        onPostgres += (await opsPerSecondConcurrent(postgres.mint, CONCURRENCY, 1000)) / ROUNDS;
      }
      return {
        name: 'refresh-stores',
        rows: [
          { label: 'POST /v1/client/sessions/:id/tokens, SQLite file (WAL)', opsPerSec: onSqlite },
          { label: 'POST /v1/client/sessions/:id/tokens, PostgreSQL (local, pool of 10)', opsPerSec: onPostgres },
        ],
        ratios: [{ label: 'PostgreSQL / SQLite refresh throughput', value: onPostgres / onSqlite }],
        notes: [`${SESSIONS} sessions, ${CONCURRENCY} requests in flight, in-process fetch, ${ROUNDS} interleaved rounds of 1 s; SQLite ${fmt(onSqlite)}/s`],
      };
    } finally {
      await sqlite?.t.close();
      await postgres?.t.close();
      await dropSchema(schema);
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
