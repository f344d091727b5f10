import { beforeAll, describe, expect, it } from 'vitest';
import { b64url, fakeClock, generateTestKeyPair, mintSessionToken, TEST_ISSUER, TEST_ORIGIN, type TestKeyPair } from '../test-utils/keys.js';
import { algorithmForJwk, algorithmForSpki, pemToSpki } from './algorithms.js';
import { decodeBase64Url, encodeBase64Url } from './base64url.js';
import { importVerificationKey, type VerificationKey } from './keys.js';
import { verifyJwt, type VerifyJwtOptions } from './verify.js';

let rsa: TestKeyPair;
let ec: TestKeyPair;
let ed: TestKeyPair;
let rsaKey: VerificationKey;
const clock = fakeClock();

beforeAll(async () => {
  [rsa, ec, ed] = await Promise.all([generateTestKeyPair('RS256'), generateTestKeyPair('ES256'), generateTestKeyPair('EdDSA')]);
  rsaKey = await importVerificationKey('RS256', { jwk: rsa.publicJwk }, rsa.kid);
});

const opts = (extra: Partial<VerifyJwtOptions> = {}): VerifyJwtOptions => ({ key: rsaKey, now: clock.now, ...extra });
const mint = (claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}, key = rsa) =>
  mintSessionToken(key, { iat: clock.nowSeconds(), claims, header });

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { reason: string }).reason;
  }
  return 'accepted';
}

/** Re-signs a hand-built header/payload with the RSA test key. */
async function signRaw(header: unknown, payload: unknown, key = rsa): Promise<string> {
  const input = `${b64url(header)}.${b64url(payload)}`;
  const params = key.alg === 'RS256' ? { name: 'RSASSA-PKCS1-v1_5' } : key.alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'Ed25519' };
  const sig = new Uint8Array(await crypto.subtle.sign(params, key.privateKey, new TextEncoder().encode(input)));
  return `${input}.${encodeBase64Url(sig)}`;
}

describe('verifyJwt', () => {
  it('accepts a session token for each pinned algorithm (RS256, ES256, EdDSA)', async () => {
    for (const pair of [rsa, ec, ed]) {
      const key = await importVerificationKey(pair.alg as 'RS256', { jwk: pair.publicJwk }, pair.kid);
      const { payload } = await verifyJwt(await mint({}, {}, pair), { key, now: clock.now });
      expect(payload).toMatchObject({ sub: 'user_1', sid: 'sess_1', v: 2 });
    }
  });

  it('accepts a PEM key as well as a JWK', async () => {
    const spki = pemToSpki(rsa.publicPem)!;
    expect(algorithmForSpki(spki)).toBe('RS256');
    const key = await importVerificationKey('RS256', { spki });
    await expect(verifyJwt(await mint(), { key, now: clock.now })).resolves.toBeTruthy();
  });

  describe('header rejections (DESIGN §7)', () => {
    it('rejects alg "none" [unsigned]', async () => {
      const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'user_1', exp: clock.nowSeconds() + 60 })}.`;
      expect(await reason(verifyJwt(token, opts()))).toBe('token-invalid');
      const withSig = `${b64url({ alg: 'none' })}.${b64url({ sub: 'u' })}.${b64url('x')}`;
      expect(await reason(verifyJwt(withSig, opts()))).toBe('token-invalid-algorithm');
      const upper = `${b64url({ alg: 'NONE' })}.${b64url({ sub: 'u' })}.${b64url('x')}`;
      expect(await reason(verifyJwt(upper, opts()))).toBe('token-invalid-algorithm');
    });

    it('rejects a missing or non-string alg', async () => {
      expect(await reason(verifyJwt(await signRaw({ kid: rsa.kid }, { sub: 'u' }), opts()))).toBe('token-invalid-algorithm');
      expect(await reason(verifyJwt(await signRaw({ alg: 7 }, { sub: 'u' }), opts()))).toBe('token-invalid-algorithm');
    });

    it('rejects an algorithm other than the one the key is pinned to (HS256 with the public key, ES256, RS512)', async () => {
      for (const alg of ['HS256', 'ES256', 'RS512', 'PS256']) {
        const token = await signRaw({ alg, kid: rsa.kid }, { sub: 'u', exp: clock.nowSeconds() + 60 });
        expect(await reason(verifyJwt(token, opts()))).toBe('token-invalid-algorithm');
      }
    });

    it.each(['jwk', 'jku', 'x5u', 'x5c', 'crit'])('rejects a token carrying the "%s" header parameter', async (param) => {
      const value = param === 'crit' ? ['exp'] : param === 'jwk' ? rsa.publicJwk : param === 'x5c' ? ['MIIB'] : 'https://evil.example/keys';
      const token = await signRaw({ alg: 'RS256', kid: rsa.kid, [param]: value }, { sub: 'u', exp: clock.nowSeconds() + 60 });
      expect(await reason(verifyJwt(token, opts()))).toBe('token-invalid');
    });

    it('rejects a non-string kid and a foreign typ', async () => {
      expect(await reason(verifyJwt(await mint({}, { kid: 42 }), opts()))).toBe('token-invalid');
      expect(await reason(verifyJwt(await mint({}, { typ: 'at+jwt' }), opts()))).toBe('token-invalid');
      await expect(verifyJwt(await mint({}, { typ: 'jwt' }), opts())).resolves.toBeTruthy();
    });
  });

  describe('shape and signature', () => {
    it('rejects malformed tokens without echoing them', async () => {
      const bad = ['', 'abc', 'a.b', 'a.b.c.d', '..', `${b64url({ alg: 'RS256' })}..sig`, 'e30.e30.!!!', `${b64url('[1]')}.${b64url({})}.AAAA`, `${b64url({ alg: 'RS256' })}.${b64url('not json')}.AAAA`, `${b64url({ alg: 'RS256' })}.${b64url('"str"')}.AAAA`];
      for (const token of bad) {
        const error = await verifyJwt(token, opts()).catch((e: unknown) => e as Error & { reason: string });
        expect(error).toMatchObject({ reason: 'token-invalid', code: 'ERR_TOKEN_VERIFICATION' });
        if (token.length > 3) expect((error as Error).message).not.toContain(token);
      }
    });

    it('rejects a token longer than maxTokenBytes', async () => {
      const token = await mint({ pad: 'x'.repeat(2000) });
      expect(await reason(verifyJwt(token, opts({ maxTokenBytes: 1024 })))).toBe('token-invalid');
      await expect(verifyJwt(token, opts())).resolves.toBeTruthy();
    });

    it('rejects a tampered payload, a truncated signature and another key\'s signature', async () => {
      const token = await mint();
      const [h, p, s] = token.split('.') as [string, string, string];
      const forged = `${h}.${b64url({ ...JSON.parse(atob(p.replace(/-/g, '+').replace(/_/g, '/'))), sub: 'user_admin' })}.${s}`;
      expect(await reason(verifyJwt(forged, opts()))).toBe('token-invalid-signature');
      const truncated = encodeBase64Url(decodeBase64Url(s)!.subarray(0, 200));
      expect(await reason(verifyJwt(`${h}.${p}.${truncated}`, opts()))).toBe('token-invalid-signature');
      const other = await generateTestKeyPair('RS256', rsa.kid);
      expect(await reason(verifyJwt(await mint({}, {}, other), opts()))).toBe('token-invalid-signature');
      const error = await verifyJwt(forged, opts()).catch((e: Error) => e);
      expect((error as Error).message).not.toContain(s);
    });

    it('rejects non-canonical base64url in the signature', async () => {
      const token = await mint();
      expect(await reason(verifyJwt(`${token}=`, opts()))).toBe('token-invalid');
      expect(await reason(verifyJwt(`${token.slice(0, -1)}+`, opts()))).toBe('token-invalid');
    });

    it('checks the signature before any claim (an expired forgery is a bad signature)', async () => {
      const expired = await mintSessionToken(rsa, { iat: clock.nowSeconds() - 3600 });
      const [h, p] = expired.split('.');
      expect(await reason(verifyJwt(`${h}.${p}.${b64url('x'.repeat(256))}`, opts()))).toBe('token-invalid-signature');
    });
  });

  describe('claims: each check has wrong type, wrong value, missing', () => {
    const cases: Array<[string, Record<string, unknown>, Partial<VerifyJwtOptions>, string]> = [
      ['sub missing', { sub: undefined }, {}, 'token-verification-failed'],
      ['sub wrong type', { sub: 42 }, {}, 'token-verification-failed'],
      ['sub empty', { sub: '' }, {}, 'token-verification-failed'],
      ['exp missing', { exp: undefined }, {}, 'token-verification-failed'],
      ['exp wrong type', { exp: '9999999999' }, {}, 'token-verification-failed'],
      ['exp in the past beyond skew', { exp: Math.floor(Date.UTC(2026, 0, 1) / 1000) - 6 }, {}, 'token-expired'],
      ['nbf wrong type', { nbf: 'soon' }, {}, 'token-verification-failed'],
      ['nbf in the future beyond skew', { nbf: Math.floor(Date.UTC(2026, 0, 1) / 1000) + 6 }, {}, 'token-not-active-yet'],
      ['iat wrong type', { iat: null }, {}, 'token-verification-failed'],
      ['iat in the future beyond skew', { iat: Math.floor(Date.UTC(2026, 0, 1) / 1000) + 6, nbf: undefined }, {}, 'token-iat-in-the-future'],
      ['iss missing', { iss: undefined }, { issuer: TEST_ISSUER }, 'token-invalid-issuer'],
      ['iss wrong type', { iss: ['http://localhost:4400'] }, { issuer: TEST_ISSUER }, 'token-invalid-issuer'],
      ['iss wrong value', { iss: 'http://evil.example' }, { issuer: [TEST_ISSUER] }, 'token-invalid-issuer'],
      ['iss rejected by predicate', {}, { issuer: () => false }, 'token-invalid-issuer'],
      ['azp wrong type', { azp: ['http://localhost:3000'] }, { authorizedParties: [TEST_ORIGIN] }, 'token-invalid-authorized-parties'],
      ['azp wrong value', { azp: 'http://evil.example' }, { authorizedParties: [TEST_ORIGIN] }, 'token-invalid-authorized-parties'],
      ['aud missing', {}, { audience: 'api' }, 'token-verification-failed'],
      ['aud wrong type', { aud: 7 }, { audience: 'api' }, 'token-verification-failed'],
      ['aud wrong value', { aud: 'other' }, { audience: ['api'] }, 'token-verification-failed'],
      ['aud empty array', { aud: [] }, { audience: 'api' }, 'token-verification-failed'],
      ['aud array with a bad member', { aud: ['api', 5] }, { audience: 'api' }, 'token-verification-failed'],
      ['aud array without the audience', { aud: ['x', 'y'] }, { audience: 'api' }, 'token-verification-failed'],
    ];
    it.each(cases)('rejects %s', async (_name, claims, extra, expected) => {
      expect(await reason(verifyJwt(await mint(claims), opts(extra)))).toBe(expected);
    });

    it('accepts the boundary cases: within skew, absent optional claims, matching aud array', async () => {
      const t = clock.nowSeconds();
      await expect(verifyJwt(await mint({ exp: t - 4 }), opts())).resolves.toBeTruthy();
      await expect(verifyJwt(await mint({ nbf: t + 4, iat: t + 4 }), opts())).resolves.toBeTruthy();
      await expect(verifyJwt(await mint({ nbf: undefined, iat: undefined }), opts())).resolves.toBeTruthy();
      await expect(verifyJwt(await mint({ azp: undefined }), opts({ authorizedParties: [TEST_ORIGIN] }))).resolves.toBeTruthy();
      await expect(verifyJwt(await mint({ aud: ['x', 'api'] }), opts({ audience: 'api' }))).resolves.toBeTruthy();
      await expect(verifyJwt(await mint(), opts({ issuer: TEST_ISSUER, authorizedParties: [TEST_ORIGIN] }))).resolves.toBeTruthy();
      expect(await reason(verifyJwt(await mint({ exp: t - 1 }), opts({ clockSkewInMs: 0 })))).toBe('token-expired');
    });
  });
});

describe('key algorithm pinning', () => {
  it('derives one algorithm per JWK and refuses private, symmetric and encryption keys', () => {
    expect(algorithmForJwk({ kty: 'RSA', n: 'x', e: 'AQAB' })).toBe('RS256');
    expect(algorithmForJwk({ kty: 'RSA', n: 'x', e: 'AQAB', alg: 'RS512' })).toBe('RS512');
    expect(algorithmForJwk({ kty: 'RSA', n: 'x', e: 'AQAB', alg: 'ES256' })).toBeNull();
    expect(algorithmForJwk({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' })).toBe('ES256');
    expect(algorithmForJwk({ kty: 'OKP', crv: 'Ed25519', x: 'x' })).toBe('EdDSA');
    expect(algorithmForJwk({ kty: 'OKP', crv: 'X25519', x: 'x' })).toBeNull();
    expect(algorithmForJwk({ kty: 'oct', k: 'secret' })).toBeNull();
    expect(algorithmForJwk({ kty: 'RSA', n: 'x', e: 'AQAB', d: 'private' })).toBeNull();
    expect(algorithmForJwk({ kty: 'RSA', n: 'x', e: 'AQAB', use: 'enc' })).toBeNull();
  });

  it('refuses a key that does not fit the algorithm it is imported for', async () => {
    await expect(importVerificationKey('ES256', { jwk: rsa.publicJwk })).rejects.toBeTruthy();
    await expect(importVerificationKey('EdDSA', { jwk: ec.publicJwk })).rejects.toBeTruthy();
  });

  it('refuses RSA keys shorter than 2048 bits', async () => {
    const small = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const jwk = await crypto.subtle.exportKey('jwk', small.publicKey);
    await expect(importVerificationKey('RS256', { jwk: { kty: 'RSA', n: jwk.n!, e: jwk.e! } })).rejects.toBeTruthy();
  });
});

describe('base64url', () => {
  it('round-trips every length and refuses non-alphabet, padding and impossible lengths', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = crypto.getRandomValues(new Uint8Array(n));
      expect(decodeBase64Url(encodeBase64Url(bytes))).toEqual(bytes);
    }
    expect(decodeBase64Url('abcde')).toBeNull();
    expect(decodeBase64Url('ab==')).toBeNull();
    expect(decodeBase64Url('ab+/')).toBeNull();
    expect(decodeBase64Url('aé')).toBeNull();
    expect(decodeBase64Url('AB')).toBeNull(); // non-zero trailing bits
  });
});
