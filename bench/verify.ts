/**
 * Verification throughput, ops per CPU-second on this process, for RS256,
 * ES256 and EdDSA: raw node:crypto (split, signature decoded, verified), ours
 * (full verify, cache off = never-seen tokens; cache on = repeats), jose
 * jwtVerify and fast-jwt (cache off / on). Bounded: each cell runs for
 * BENCH_CELL_MS (default 700 ms) of wall time.
 */
import { createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { createVerifier } from 'fast-jwt';
import { jwtVerify } from 'jose';
import { createTokenVerifier } from '@latchkey/backend';
import type { BenchModule, BenchReport, BenchRatio } from './lib/measure.js';

type Report = BenchReport;
const ratio = (label: string, value: number, target?: number): BenchRatio =>
  target === undefined ? { label, value } : { label, value, target: `>= ${target}${value >= target ? ' (met)' : ' (NOT met)'}` };

export const name = 'verify';

type Alg = 'RS256' | 'ES256' | 'EdDSA';
const CELL_MS = Number(process.env.BENCH_CELL_MS ?? 700);

export function makeKeys(alg: Alg) {
  const pair =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : alg === 'ES256'
        ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
        : generateKeyPairSync('ed25519');
  return { alg, privateKey: pair.privateKey, publicKey: pair.publicKey, pem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(), kid: `bench_${alg}` };
}

/** Mints session tokens like the server: node:crypto sign, claims of a v2 session token. */
export function mintTokens(keys: ReturnType<typeof makeKeys>, count: number, ttlSeconds = 900): string[] {
  const header = Buffer.from(JSON.stringify({ alg: keys.alg, kid: keys.kid, typ: 'JWT' })).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const payload = Buffer.from(
      JSON.stringify({ azp: 'http://localhost:3000', exp: iat + ttlSeconds, iat, iss: 'http://localhost:4400', nbf: iat - 5, sid: `sess_${i.toString(36).padStart(20, '0')}`, sub: `user_${(i % 997).toString(36).padStart(20, '0')}`, v: 2 }),
    ).toString('base64url');
    const input = `${header}.${payload}`;
    const sig =
      keys.alg === 'RS256'
        ? nodeSign('sha256', Buffer.from(input), keys.privateKey)
        : keys.alg === 'ES256'
          ? nodeSign('sha256', Buffer.from(input), { key: keys.privateKey, dsaEncoding: 'ieee-p1363' })
          : nodeSign(null, Buffer.from(input), keys.privateKey);
    out.push(`${input}.${sig.toString('base64url')}`);
  }
  return out;
}

/** The baseline of DESIGN §9: split, decode the signature, node:crypto verify. */
export function rawVerifier(alg: Alg, publicKey: KeyObject): (token: string) => boolean {
  const key = alg === 'ES256' ? { key: publicKey, dsaEncoding: 'ieee-p1363' as const } : publicKey;
  const digest = alg === 'EdDSA' ? null : 'sha256';
  return (token) => {
    const dot = token.lastIndexOf('.');
    return nodeVerify(digest, Buffer.from(token.slice(0, dot)), key, Buffer.from(token.slice(dot + 1), 'base64url'));
  };
}

async function measure(tokens: string[], fn: (token: string) => unknown): Promise<number> {
  for (let i = 0; i < Math.min(200, tokens.length); i++) await fn(tokens[i]!); // warm-up
  const startCpu = process.cpuUsage();
  const deadline = performance.now() + CELL_MS;
  let n = 0;
  while (performance.now() < deadline) {
    for (let i = 0; i < 50; i++) {
      const r = fn(tokens[n % tokens.length]!);
      if (r instanceof Promise) await r;
      n++;
    }
  }
  const cpu = process.cpuUsage(startCpu);
  return n / ((cpu.user + cpu.system) / 1e6);
}

export async function run(): Promise<Report> {
  const report: Report = { name: 'verification throughput (ops per CPU-second, one thread)', rows: [], ratios: [] };
  for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
    const keys = makeKeys(alg);
    const tokens = mintTokens(keys, alg === 'RS256' ? 1500 : 4000);
    const raw = rawVerifier(alg, keys.publicKey);
    const ours = createTokenVerifier({ jwtKey: keys.pem, verifiedTokenCacheSize: 0 });
    const oursCached = createTokenVerifier({ jwtKey: keys.pem });
    const fast = createVerifier({ key: keys.pem, algorithms: [alg], cache: false });
    const fastCached = createVerifier({ key: keys.pem, algorithms: [alg], cache: true });
    const josePublic = createPublicKey(keys.pem);
    for (const t of tokens.slice(0, 3)) {
      if (!raw(t)) throw new Error('raw verify failed');
      await ours(t);
      fast(t);
    }
    const rawRate = await measure(tokens, raw);
    const oursRate = await measure(tokens, ours);
    const fastRate = await measure(tokens, fast);
    const joseRate = await measure(tokens, (t) => jwtVerify(t, josePublic));
    // A repeat arrives as a new string each request (parsed from a header), so
    // each call gets a fresh copy and pays for hashing it, as it would live.
    const repeat = [tokens[0]!];
    const fresh = (t: string) => t.slice(0, 40) + t.slice(40);
    const oursRepeat = await measure(repeat, (t) => oursCached(fresh(t)));
    const fastRepeat = await measure(repeat, (t) => fastCached(fresh(t)));
    report.rows.push(
      { label: `${alg} raw node:crypto (split, decode sig, verify)`, opsPerSec: rawRate },
      { label: `${alg} @latchkey/backend verifyToken, unique tokens`, opsPerSec: oursRate },
      { label: `${alg} fast-jwt, unique tokens (cache off)`, opsPerSec: fastRate },
      { label: `${alg} jose jwtVerify`, opsPerSec: joseRate },
      { label: `${alg} @latchkey/backend, repeated token`, opsPerSec: oursRepeat },
      { label: `${alg} fast-jwt cache hit`, opsPerSec: fastRepeat },
    );
    report.ratios.push(
      ratio(`${alg} ours / raw node:crypto (unique)`, oursRate / rawRate, 0.8),
      ratio(`${alg} fast-jwt / raw node:crypto`, fastRate / rawRate),
      ratio(`${alg} jose / raw node:crypto`, joseRate / rawRate),
      ratio(`${alg} ours repeat / fast-jwt cache hit`, oursRepeat / fastRepeat, 3),
    );
  }
  return report;
}

/** For bench/run.ts. */
export const verifyBench: BenchModule = {
  name,
  description: 'Session-token verification throughput vs raw node:crypto, fast-jwt and jose (RS256, ES256, EdDSA; unique and repeated tokens)',
  run,
};
