import { beforeAll, describe, expect, it } from 'vitest';
import { createPublishableKey } from '../keys/publishable-key.js';
import { fakeClock, fakeJwksFetch, generateTestKeyPair, mintSessionToken, type TestKeyPair } from '../test-utils/keys.js';
import { createTokenVerifier, verifyToken } from './verify-token.js';

let key: TestKeyPair;
let next: TestKeyPair;
beforeAll(async () => {
  [key, next] = await Promise.all([generateTestKeyPair('RS256'), generateTestKeyPair('RS256')]);
});

describe('verifyToken', () => {
  it('verifies with jwtKey as PEM, as PEM without armour lines, and as a JWK', async () => {
    const token = await mintSessionToken(key);
    const bare = key.publicPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    for (const jwtKey of [key.publicPem, bare, key.publicJwk, JSON.stringify(key.publicJwk)]) {
      await expect(verifyToken(token, { jwtKey, authorizedParties: ['http://localhost:3000'] })).resolves.toMatchObject({ sub: 'user_1' });
    }
  });

  it('verifies with secretKey + apiUrl through the Backend API JWKS, sending the secret key as Bearer', async () => {
    const jwks = fakeJwksFetch(() => [key.publicJwk]);
    const claims = await verifyToken(await mintSessionToken(key), { secretKey: 'sk_test_abc', apiUrl: 'http://localhost:4400', fetch: jwks.fetch });
    expect(claims.sid).toBe('sess_1');
    expect(jwks.state.lastAuthorization).toBe('Bearer sk_test_abc');
  });

  it('fails with Clerk reasons when no key source or a bad secret key is given', async () => {
    await expect(verifyToken('a.b.c', {})).rejects.toMatchObject({ reason: 'jwk-failed-to-resolve' });
    await expect(verifyToken('a.b.c', { secretKey: 'nope', apiUrl: 'http://x' })).rejects.toMatchObject({ reason: 'secret-key-invalid' });
    await expect(verifyToken('a.b.c', { jwtKey: 'not a key' })).rejects.toMatchObject({ code: 'ERR_LATCHKEY_CONFIG' });
  });

  it('uses the publishable key\'s frontend API JWKS when there is no secret key', async () => {
    const jwks = fakeJwksFetch(() => [key.publicJwk]);
    let seen = '';
    const fetchFn = ((input: RequestInfo | URL, init?: RequestInit) => {
      seen = String(input);
      return jwks.fetch(input, init);
    }) as typeof fetch;
    await verifyToken(await mintSessionToken(key), { publishableKey: createPublishableKey('localhost:4400', 'live'), fetch: fetchFn });
    expect(seen).toBe('http://localhost:4400/.well-known/jwks.json');
  });
});

describe('recently verified token cache', () => {
  it('answers a repeat without a signature check, re-checks claims, and never past exp', async () => {
    const clock = fakeClock();
    const jwks = fakeJwksFetch(() => [key.publicJwk]);
    const verify = createTokenVerifier({ secretKey: 'sk_test_x', apiUrl: 'http://a', fetch: jwks.fetch, now: clock.now, clockSkewInMs: 0, authorizedParties: ['http://localhost:3000'] });
    const token = await mintSessionToken(key, { iat: clock.nowSeconds() });
    const first = await verify(token);
    expect(await verify(token)).toBe(first); // same frozen object: served from the cache
    expect(Object.isFrozen(first)).toBe(true);
    clock.advance(60_000);
    await expect(verify(token)).rejects.toMatchObject({ reason: 'token-expired' });
  });

  it('re-applies per-verifier claim options to cached tokens (azp)', async () => {
    const token = await mintSessionToken(key);
    const ok = createTokenVerifier({ jwtKey: key.publicPem, authorizedParties: ['http://localhost:3000'] });
    const strict = createTokenVerifier({ jwtKey: key.publicPem, authorizedParties: ['https://app.example'] });
    await ok(token);
    await expect(strict(token)).rejects.toMatchObject({ reason: 'token-invalid-authorized-parties' });
  });

  it('stops serving a cached token once its key rotated out of the JWKS', async () => {
    const clock = fakeClock();
    let keys: unknown[] = [key.publicJwk];
    const jwks = fakeJwksFetch(() => keys);
    const verify = createTokenVerifier({ secretKey: 'sk_test_x', apiUrl: 'http://a', fetch: jwks.fetch, now: clock.now, jwksCacheTtlInMs: 1000 });
    const token = await mintSessionToken(key, { iat: clock.nowSeconds() });
    await verify(token);
    keys = [next.publicJwk];
    clock.advance(1500);
    await expect(verify(token)).rejects.toMatchObject({ reason: 'jwk-kid-mismatch' });
  });

  it('never answers from the cache for another token carrying a cached token\'s signature (tampered payload)', async () => {
    const verify = createTokenVerifier({ jwtKey: key.publicPem });
    const token = await mintSessionToken(key);
    await verify(token);
    const [h, , sig] = token.split('.');
    // Same signature, so the same cache slot: only full equality may hit.
    const forged = `${h}.${btoa(JSON.stringify({ sub: 'user_admin', sid: 'sess_1', exp: 9999999999, v: 2 })).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.${sig}`;
    await expect(verify(forged)).rejects.toMatchObject({ reason: 'token-invalid-signature' });
    await expect(verify(`${token}x`)).rejects.toMatchObject({ reason: 'token-invalid' });
    await expect(verify(token)).resolves.toMatchObject({ sub: 'user_1' });
  });

  it('hands every repeat the same settled promise and frozen claims, and still rejects past exp with skew', async () => {
    const clock = fakeClock();
    const verify = createTokenVerifier({ jwtKey: key.publicPem, now: clock.now, clockSkewInMs: 5000 });
    const token = await mintSessionToken(key, { iat: clock.nowSeconds(), ttlSeconds: 60 });
    const claims = await verify(token);
    expect(verify(token)).toBe(verify(token));
    expect(Object.isFrozen(claims)).toBe(true);
    clock.advance(59_000);
    await expect(verify(token)).resolves.toBe(claims);
    clock.advance(7_000);
    await expect(verify(token)).rejects.toMatchObject({ reason: 'token-expired' });
  });

  it('is bounded', async () => {
    const verify = createTokenVerifier({ jwtKey: key.publicPem, verifiedTokenCacheSize: 2 });
    const tokens = await Promise.all([1, 2, 3].map((i) => mintSessionToken(key, { claims: { sid: `sess_${i}` } })));
    for (const t of tokens) await verify(t);
    for (const t of tokens) await expect(verify(t)).resolves.toBeTruthy();
  });
});
