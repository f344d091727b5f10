import { createTestServer } from '@latchkey/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PASSWORD, verifyWithServedJwks } from './test-support/verify-token.js';

const dir = mkdtempSync(join(tmpdir(), 'latchkey-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a restart on the same SQLite file', () => {
  it('keeps users, sessions and keys: a token minted before the restart verifies after it', async () => {
    const databaseUrl = `sqlite:${join(dir, 'latchkey.db')}`;
    const first = await createTestServer({ databaseUrl });
    const browser = first.browser();
    const { sessionId, userId } = await browser.signUp('ada@example.com', PASSWORD);
    const token = await browser.getToken(sessionId);
    await first.close();

    const second = await createTestServer({ databaseUrl, secretKey: first.secretKey, clock: first.clock! });
    const { payload } = await verifyWithServedJwks(second, token);
    expect(payload).toMatchObject({ sub: userId, sid: sessionId });
    const again = second.browser();
    again.jar.cookies.set('__client', browser.jar.get('__client')!);
    expect((await again.client())!.sessions.map((s) => s.id)).toEqual([sessionId]);
    expect((await again.signIn('ada@example.com', PASSWORD)).userId).toBe(userId);
    await second.close();
  });

  it('refuses to start with a different secret key, naming the variable to fix', async () => {
    const databaseUrl = `sqlite:${join(dir, 'other.db')}`;
    const first = await createTestServer({ databaseUrl });
    await first.close();
    await expect(createTestServer({ databaseUrl })).rejects.toThrow(/LATCHKEY_SECRET_KEY/);
  });
});
