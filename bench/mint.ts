/**
 * Token minting: the Frontend API token endpoint (in-process and over
 * loopback HTTP) against raw RS256 signing of the same claims with
 * node:crypto, in one run. Minting is the auth server's scarce resource;
 * the endpoint should cost little beyond the signature.
 */
import { createTestServer, type TestBrowser } from '@latchkey/testing';
import { createNodeListener, listen } from '@latchkey/server/node';
import { generateKeyPairSync, sign } from 'node:crypto';
import { fmt, opsPerSecondConcurrent, opsPerSecondSync, type BenchModule } from './lib/measure.js';

const SESSIONS = 32;
const CONCURRENCY = 8;
const ROUNDS = 3;

export const mintBench: BenchModule = {
  name: 'mint',
  description: 'Session-token minting through the HTTP endpoint vs raw RS256 signing',
  async run() {
    // Production reload interval: settings and keys are re-read from the store once a second.
    const t = await createTestServer({ clock: false, reloadIntervalMs: 1000 });
    const browsers: { browser: TestBrowser; sessionId: string; cookie: string }[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const browser = t.browser({ ip: `10.0.${i}.1` });
      const { sessionId } = await browser.signUp(`bench${i}@example.com`, 'bench password 123');
      browsers.push({ browser, sessionId, cookie: browser.jar.header() });
    }

    // Raw baseline: the same claims, encoded and signed with a 2048-bit key.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'ins_bench', typ: 'JWT' })).toString('base64url');
    const rawSign = () => {
      const iat = Math.floor(Date.now() / 1000);
      const claims = { azp: 'http://localhost:3000', exp: iat + 60, iat, iss: t.publicUrl, nbf: iat - 5, sid: 'sess_x', sub: 'user_x', v: 2 };
      const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
    };

    // Each slot owns a distinct session, so no two requests share a mint.
    const mintInProcess = async (slot: number) => {
      const { browser, sessionId } = browsers[slot % SESSIONS]!;
      const response = await browser.fetch(`/v1/client/sessions/${sessionId}/tokens`, { method: 'POST' });
      if (response.status !== 200) throw new Error(`mint failed: ${response.status}`);
      await response.arrayBuffer();
    };

    const http = await listen(createNodeListener(t.server), { port: 0, host: '127.0.0.1' });
    const mintOverHttp = async (slot: number) => {
      const { sessionId, cookie } = browsers[slot % SESSIONS]!;
      const response = await fetch(`${http.url}/v1/client/sessions/${sessionId}/tokens`, {
        method: 'POST',
        headers: { cookie, origin: 'http://localhost:3000' },
      });
      if (response.status !== 200) throw new Error(`mint failed: ${response.status}`);
      await response.arrayBuffer();
    };

    // Interleaved rounds, so that a busy moment on the machine hits all three alike.
    let raw = 0;
    let inProcess = 0;
    let overHttp = 0;
    for (let round = 0; round < ROUNDS; round++) {
      raw += opsPerSecondSync(rawSign, 1000) / ROUNDS;
      inProcess += (await opsPerSecondConcurrent(mintInProcess, CONCURRENCY, 1000)) / ROUNDS;
      overHttp += (await opsPerSecondConcurrent(mintOverHttp, CONCURRENCY, 1000)) / ROUNDS;
    }
    await http.close();
    await t.close();

    return {
      name: 'mint',
      rows: [
        { label: 'raw node:crypto RS256 sign (same claims)', opsPerSec: raw },
        { label: 'POST /v1/client/sessions/:id/tokens in-process', opsPerSec: inProcess },
        { label: 'POST /v1/client/sessions/:id/tokens over loopback HTTP (client in the same process)', opsPerSec: overHttp },
      ],
      ratios: [
        { label: 'endpoint in-process / raw sign', value: inProcess / raw },
        { label: 'endpoint over HTTP / raw sign', value: overHttp / raw },
      ],
      notes: [`${SESSIONS} sessions, ${CONCURRENCY} requests in flight, SQLite in memory; raw sign ${fmt(raw)}/s`],
    };
  },
};
