/**
 * Test helpers: key pairs and session tokens minted with jose over WebCrypto,
 * so they run under node and edge-runtime alike. Not exported by the package.
 */
import { exportSPKI, SignJWT, type JWTPayload } from 'jose';

export type TestAlg = 'RS256' | 'ES256' | 'EdDSA' | 'ES384' | 'RS512';

export interface TestKeyPair {
  alg: TestAlg;
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JsonWebKey & { kid: string; alg: string; use: string };
  publicPem: string;
}

const generateParams: Record<TestAlg, RsaHashedKeyGenParams | EcKeyGenParams | Algorithm> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
  RS512: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-512' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  ES384: { name: 'ECDSA', namedCurve: 'P-384' },
  EdDSA: { name: 'Ed25519' },
};

let counter = 0;

export async function generateTestKeyPair(alg: TestAlg = 'RS256', kid?: string): Promise<TestKeyPair> {
  const pair = (await crypto.subtle.generateKey(generateParams[alg], true, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const id = kid ?? `ins_key_${alg}_${++counter}`;
  const { kty, n, e, crv, x, y } = jwk;
  return {
    alg,
    kid: id,
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    publicJwk: JSON.parse(JSON.stringify({ kty, n, e, crv, x, y, kid: id, alg, use: 'sig' })),
    publicPem: await exportSPKI(pair.publicKey),
  };
}

export const TEST_ISSUER = 'http://localhost:4400';
export const TEST_ORIGIN = 'http://localhost:3000';

export interface MintOptions {
  /** Unix seconds the token is issued at. */
  iat?: number;
  ttlSeconds?: number;
  header?: Record<string, unknown>;
  /** Claims to set or (with `undefined`) remove. */
  claims?: Record<string, unknown>;
}

/** Mints a v2 session token like the auth server does (RS256 default, kid, nbf = iat - 5, exp = iat + 60). */
export async function mintSessionToken(key: TestKeyPair, options: MintOptions = {}): Promise<string> {
  const iat = options.iat ?? Math.floor(Date.now() / 1000);
  const base: Record<string, unknown> = {
    sub: 'user_1',
    sid: 'sess_1',
    iss: TEST_ISSUER,
    azp: TEST_ORIGIN,
    iat,
    nbf: iat - 5,
    exp: iat + (options.ttlSeconds ?? 60),
    v: 2,
  };
  for (const [k, v] of Object.entries(options.claims ?? {})) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return new SignJWT(base as JWTPayload)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...options.header })
    .sign(key.privateKey);
}

/** base64url of a JSON value or string, for hand-built tokens. */
export function b64url(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A JWKS `fetch` stand-in that counts calls and can be told to fail. */
export function fakeJwksFetch(getKeys: () => unknown[]) {
  const state = { calls: 0, fail: false as false | 'network' | 500 | 401, lastAuthorization: null as string | null };
  const fetchFn = (async (_input: RequestInfo | URL, init?: RequestInit) => {
    state.calls++;
    state.lastAuthorization = new Headers(init?.headers).get('authorization');
    if (state.fail === 'network') throw new TypeError('fetch failed');
    if (state.fail) return new Response('{}', { status: state.fail });
    return new Response(JSON.stringify({ keys: getKeys() }), { headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { fetch: fetchFn, state };
}

/** A settable clock for the injected `now`. */
export function fakeClock(start = Date.UTC(2026, 0, 1)) {
  let t = start;
  return {
    now: () => new Date(t),
    nowSeconds: () => Math.floor(t / 1000),
    advance(ms: number) {
      t += ms;
    },
  };
}

/**
 * A stand-in for the auth server's handshake endpoint: with `__client=good`
 * it mints a fresh session token and redirects back with a signed
 * `__clerk_handshake` payload, as the real server does.
 */
export function fakeHandshakeServer(key: TestKeyPair, clock: { nowSeconds(): number }) {
  const state = { calls: 0 };
  const handler = async (request: Request): Promise<Response> => {
    state.calls++;
    const url = new URL(request.url);
    if (url.pathname === '/.well-known/jwks.json') return Response.json({ keys: [key.publicJwk] });
    if (url.pathname !== '/v1/client/handshake') return new Response('not found', { status: 404 });
    const redirectUrl = url.searchParams.get('redirect_url')!;
    const signedIn = (request.headers.get('cookie') ?? '').includes('__client=good');
    const iat = clock.nowSeconds();
    const cookies = signedIn
      ? [`__session=${await mintSessionToken(key, { iat })}; Path=/; SameSite=Lax`, `__client_uat=${iat - 100}; Path=/; Max-Age=31536000`]
      : ['__session=; Path=/; Max-Age=0', '__client_uat=0; Path=/'];
    cookies.push('evil=1; Path=/');
    const payload = await new SignJWT({ handshake: cookies })
      .setProtectedHeader({ alg: key.alg, kid: key.kid })
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .sign(key.privateKey);
    const back = new URL(redirectUrl);
    back.searchParams.set('__clerk_handshake', payload);
    return new Response(null, { status: 307, headers: { location: back.toString() } });
  };
  return { handler, state };
}
