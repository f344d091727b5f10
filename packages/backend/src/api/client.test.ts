import { describe, expect, it } from 'vitest';
import { createLatchkeyClient } from './client.js';

function recorder(status = 200, body: unknown = { object: 'user', id: 'user_1' }) {
  const calls: Array<{ url: string; method: string; auth: string | null; body: string | null }> = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), method: init?.method ?? 'GET', auth: new Headers(init?.headers).get('authorization'), body: (init?.body as string) ?? null });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { calls, fetch: fetchFn };
}

describe('createLatchkeyClient', () => {
  it('calls the Backend API with the secret key as Bearer under /v1', async () => {
    const r = recorder();
    const client = createLatchkeyClient({ secretKey: 'sk_test_123', apiUrl: 'http://localhost:4400/', fetch: r.fetch });
    await client.users.getUser('user_1');
    await client.users.getUserList({ email_address: ['a@x.dev', 'b@x.dev'], limit: 10 });
    await client.sessions.revokeSession('sess_1');
    await client.sessions.getToken('sess_1', 'supabase');
    await client.users.updateUserMetadata('user_1', { public_metadata: { role: 'admin' } });
    expect(r.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET http://localhost:4400/v1/users/user_1',
      'GET http://localhost:4400/v1/users?email_address=a%40x.dev&email_address=b%40x.dev&limit=10',
      'POST http://localhost:4400/v1/sessions/sess_1/revoke',
      'POST http://localhost:4400/v1/sessions/sess_1/tokens/supabase',
      'PATCH http://localhost:4400/v1/users/user_1/metadata',
    ]);
    expect(r.calls.every((c) => c.auth === 'Bearer sk_test_123')).toBe(true);
    expect(JSON.parse(r.calls[4]!.body!)).toEqual({ public_metadata: { role: 'admin' } });
  });

  it('encodes path parameters', async () => {
    const r = recorder();
    await createLatchkeyClient({ secretKey: 'sk_test_1', apiUrl: 'http://a', fetch: r.fetch }).organizations.getOrganization('../users');
    expect(r.calls[0]!.url).toBe('http://a/v1/organizations/..%2Fusers');
  });

  it('throws LatchkeyApiError with the server\'s error entries on a 4xx', async () => {
    const r = recorder(404, { errors: [{ code: 'resource_not_found', message: 'No user' }] });
    const client = createLatchkeyClient({ secretKey: 'sk_test_1', apiUrl: 'http://a', fetch: r.fetch });
    await expect(client.users.getUser('user_x')).rejects.toMatchObject({ code: 'ERR_LATCHKEY_API', status: 404, errors: [{ code: 'resource_not_found' }] });
  });

  it('validates options when built, naming the env var', () => {
    expect(() => createLatchkeyClient({ secretKey: 'nope', apiUrl: 'http://a' })).toThrow(/LATCHKEY_SECRET_KEY/);
    expect(() => createLatchkeyClient({ secretKey: 'sk_test_1' })).toThrow(/LATCHKEY_API_URL/);
  });

  it('rejects Backend API calls without a secret key', async () => {
    await expect(createLatchkeyClient({ jwtKey: 'x' }).users.getUser('u')).rejects.toMatchObject({ code: 'ERR_LATCHKEY_CONFIG' });
  });
});
