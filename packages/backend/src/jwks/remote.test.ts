import { beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, fakeJwksFetch, generateTestKeyPair, type TestKeyPair } from '../test-utils/keys.js';
import { createRemoteJwks } from './remote.js';

let a: TestKeyPair;
let b: TestKeyPair;
let ed: TestKeyPair;
beforeAll(async () => {
  [a, b, ed] = await Promise.all([generateTestKeyPair('RS256'), generateTestKeyPair('RS256'), generateTestKeyPair('EdDSA')]);
});

const header = (kid: string | undefined, alg = 'RS256') => ({ alg, kid });

describe('createRemoteJwks', () => {
  it('fetches once and answers from the cache, synchronously, while fresh', async () => {
    const clock = fakeClock();
    const f = fakeJwksFetch(() => [a.publicJwk, ed.publicJwk]);
    const jwks = createRemoteJwks({ url: 'http://auth/v1/jwks', fetch: f.fetch, now: clock.now });
    const first = await jwks.resolve(header(a.kid));
    expect(first.alg).toBe('RS256');
    const again = jwks.resolve(header(a.kid));
    expect(again).toBe(first);
    expect((await jwks.resolve(header(ed.kid, 'EdDSA'))).alg).toBe('EdDSA');
    expect(f.state.calls).toBe(1);
  });

  it('refetches after the TTL', async () => {
    const clock = fakeClock();
    const f = fakeJwksFetch(() => [a.publicJwk]);
    const jwks = createRemoteJwks({ url: 'http://auth/v1/jwks', fetch: f.fetch, now: clock.now, cacheTtlMs: 1000 });
    await jwks.resolve(header(a.kid));
    clock.advance(1001);
    await jwks.resolve(header(a.kid));
    expect(f.state.calls).toBe(2);
  });

  it('refetches on an unknown kid (a rotated-in key), at most once per cooldown', async () => {
    const clock = fakeClock();
    let keys: unknown[] = [a.publicJwk];
    const f = fakeJwksFetch(() => keys);
    const jwks = createRemoteJwks({ url: 'http://auth/v1/jwks', fetch: f.fetch, now: clock.now, cooldownMs: 10_000 });
    await jwks.resolve(header(a.kid));
    await expect(jwks.resolve(header('unknown'))).rejects.toMatchObject({ reason: 'jwk-kid-mismatch' });
    expect(f.state.calls).toBe(1); // the initial fetch counts towards the cooldown
    clock.advance(10_000);
    await expect(jwks.resolve(header('unknown'))).rejects.toMatchObject({ reason: 'jwk-kid-mismatch' });
    expect(f.state.calls).toBe(2);
    await expect(jwks.resolve(header('unknown'))).rejects.toMatchObject({ reason: 'jwk-kid-mismatch' });
    expect(f.state.calls).toBe(2); // rate-limited
    keys = [a.publicJwk, b.publicJwk];
    clock.advance(10_000);
    expect((await jwks.resolve(header(b.kid))).kid).toBe(b.kid);
    expect(f.state.calls).toBe(3);
  });

  it('serves stale keys within the bound when the server is unreachable, then fails', async () => {
    const clock = fakeClock();
    const f = fakeJwksFetch(() => [a.publicJwk]);
    const jwks = createRemoteJwks({ url: 'http://auth/v1/jwks', fetch: f.fetch, now: clock.now, cacheTtlMs: 1000, staleIfErrorMs: 5000 });
    await jwks.resolve(header(a.kid));
    f.state.fail = 'network';
    clock.advance(3000);
    expect((await jwks.resolve(header(a.kid))).kid).toBe(a.kid);
    clock.advance(4000);
    await expect(jwks.resolve(header(a.kid))).rejects.toMatchObject({ reason: 'jwk-remote-failed-to-load' });
  });

  it('maps HTTP failures to Clerk reasons and times out a hanging server', async () => {
    const f = fakeJwksFetch(() => []);
    f.state.fail = 401;
    await expect(createRemoteJwks({ url: 'http://auth/v1/jwks', fetch: f.fetch }).resolve(header('k'))).rejects.toMatchObject({ reason: 'secret-key-invalid' });
    f.state.fail = 500;
    await expect(createRemoteJwks({ url: 'http://auth/v1/jwks', fetch: f.fetch }).resolve(header('k'))).rejects.toMatchObject({ reason: 'jwk-remote-failed-to-load' });
    f.state.fail = false;
    await expect(createRemoteJwks({ url: 'http://auth/v1/jwks', fetch: f.fetch }).resolve(header('k'))).rejects.toMatchObject({ reason: 'jwk-remote-missing' });
    const hanging = ((_: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))))) as typeof fetch;
    await expect(createRemoteJwks({ url: 'http://auth/v1/jwks', fetch: hanging, timeoutMs: 20 }).resolve(header('k'))).rejects.toMatchObject({ reason: 'jwk-remote-failed-to-load' });
  });

  it('skips unusable keys (symmetric, encryption, private) and accepts a kid-less token only with a single key', async () => {
    const f = fakeJwksFetch(() => [{ kty: 'oct', k: 'c2VjcmV0', kid: 'hs' }, { ...a.publicJwk, kid: 'enc', use: 'enc' }, a.publicJwk]);
    const jwks = createRemoteJwks({ url: 'http://auth/v1/jwks', fetch: f.fetch });
    await expect(jwks.resolve(header('hs', 'HS256'))).rejects.toMatchObject({ reason: 'jwk-kid-mismatch' });
    expect((await jwks.resolve(header(undefined))).kid).toBe(a.kid);
  });

  it('shares one request between concurrent misses', async () => {
    const f = fakeJwksFetch(() => [a.publicJwk]);
    const jwks = createRemoteJwks({ url: 'http://auth/v1/jwks', fetch: f.fetch });
    await Promise.all([jwks.resolve(header(a.kid)), jwks.resolve(header(a.kid)), jwks.resolve(header(a.kid))]);
    expect(f.state.calls).toBe(1);
  });
});
