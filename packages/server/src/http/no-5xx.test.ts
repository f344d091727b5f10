/**
 * Bad input gets a coded 4xx, never a 5xx: every declared endpoint is sent
 * junk (wrong types, missing fields, odd ids, broken bodies), as a signed-in
 * browser and with the secret key, and must answer < 500 with a JSON error.
 */
import { createTestServer, type TestServer } from '@latchkey/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../test-support/verify-token.js';
import { allEndpoints } from './endpoints/index.js';

const junkValues: unknown[] = [null, 0, -1, 1e308, '', ' ', 'x'.repeat(3000), '\u0000', '%', '../../etc', [], [1, 'a'], {}, { nested: { deep: [null] } }, true];
const junkIds = ['x', 'sess_', 'user_%00', '..', '%E0%A4%A', 'sess_' + 'a'.repeat(500), 'null'];
const junkBodies: { type: string; body: string }[] = [
  { type: 'application/json', body: '{' },
  { type: 'application/json', body: '"str"' },
  { type: 'application/json', body: 'null' },
  { type: 'application/json', body: '{"__proto__":{"admin":true}}' },
  { type: 'application/x-www-form-urlencoded', body: '%%%&=&a=%ZZ' },
  { type: 'text/plain', body: 'hello' },
  { type: 'application/json', body: '\uFEFF{}' },
];

let t: TestServer;
let browser: ReturnType<TestServer['browser']>;
beforeAll(async () => {
  t = await createTestServer();
  browser = t.browser();
  await browser.signUp('fuzz@example.com', PASSWORD);
});
afterAll(async () => {
  await t.close();
});

function pathWith(template: string, id: string): string {
  return template.replace(/:[a-zA-Z]+\??/g, encodeURIComponent(id));
}

async function send(method: string, path: string, init: { body?: string; type?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${t.secretKey}` };
  if (init.type) headers['content-type'] = init.type;
  const response = await browser.fetch(path, { method, headers, body: init.body });
  const text = await response.text();
  return { status: response.status, text, type: response.headers.get('content-type') };
}

describe('no endpoint answers bad input with a 5xx', () => {
  for (const endpoint of allEndpoints) {
    it(`${endpoint.method} ${endpoint.path}`, async () => {
      const failures: string[] = [];
      const check = (what: string, r: { status: number; text: string; type: string | null }) => {
        if (r.status >= 500) failures.push(`${what} -> ${r.status} ${r.text.slice(0, 200)}`);
        if (r.status >= 400 && r.type === 'application/json' && !JSON.parse(r.text).errors?.[0]?.code) failures.push(`${what} -> error without code`);
      };
      for (const id of junkIds) check(`id ${id}`, await send(endpoint.method, pathWith(endpoint.path, id)));
      if (endpoint.method !== 'GET') {
        for (const junk of junkBodies) check(`body ${junk.body}`, await send(endpoint.method, pathWith(endpoint.path, 'x'), junk));
        for (const value of junkValues) {
          const fields = ['email_address', 'password', 'identifier', 'user_id', 'scope', 'public_metadata', 'algorithm', 'immediate', 'active_organization_id', 'expired_token', 'session_max_lifetime_seconds', 'name', 'claims'];
          const body = JSON.stringify(Object.fromEntries(fields.map((f) => [f, value])));
          check(`fields=${JSON.stringify(value)?.slice(0, 40)}`, await send(endpoint.method, pathWith(endpoint.path, 'x'), { body, type: 'application/json' }));
        }
      }
      for (const value of junkValues.slice(0, 10)) {
        const query = new URLSearchParams({ limit: String(value), offset: String(value), status: String(value), redirect_url: String(value), nonce: String(value), query: String(value) });
        check(`query ${query}`, await send(endpoint.method, `${pathWith(endpoint.path, 'x')}?${query}`));
      }
      expect(failures).toEqual([]);
    });
  }
});
