/**
 * Verification throughput, ops per CPU-second on this process, for RS256,
 * ES256 and EdDSA: raw node:crypto (split, signature decoded, verified), ours
 * (full verify, cache off = never-seen tokens; cache on = repeats), jose
 * jwtVerify and fast-jwt (cache off / on). Every row of one algorithm uses
 * the same tokens, rows run interleaved in BENCH_ROUNDS (default 5) rounds
 * with a rotated order, and each row gets BENCH_CELL_MS (default 700 ms) of
 * wall time in total: bounded, and noise hits all rows alike.
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
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

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

/**
 * One bounded slice of `fn(i)` for i round-robin over `count` inputs, in ops per CPU-second.
 */
async function slice(count: number, fn: (i: number) => unknown, ms: number): Promise<number> {
  const startCpu = process.cpuUsage();
  const deadline = performance.now() + ms;
  let n = 0;
  while (performance.now() < deadline) {
    for (let i = 0; i < 50; i++) {
      const r = fn(n % count);
      if (r instanceof Promise) await r;
      n++;
    }
  }
  const cpu = process.cpuUsage(startCpu);
  return n / ((cpu.user + cpu.system) / 1e6);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * Runs every row once per round, in an order rotated each round, so that
 * machine noise (a shared 2-core box) hits all rows alike; reports medians.
 */
async function interleaved(rows: Record<string, (i: number) => unknown>, count: number): Promise<Record<string, number>> {
  const names = Object.keys(rows);
  const rates: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) await slice(count, rows[n]!, 60); // warm-up, not counted
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < names.length; k++) {
      const n = names[(k + round) % names.length]!;
      rates[n]!.push(await slice(count, rows[n]!, CELL_MS / ROUNDS));
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(rates[n]!)]));
}

export async function run(): Promise<Report> {
  const report: Report = { name: 'verification throughput (ops per CPU-second, one thread; medians of interleaved rounds)', rows: [], ratios: [], notes: [] };
  for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
    const keys = makeKeys(alg);
    // One token set for every row; the unique rows cycle through it with their caches off.
    const tokens = mintTokens(keys, alg === 'RS256' ? 1500 : 4000);
    // A repeat arrives inside a fresh header string each request; V8 caches a
    // string's hash in the string, so every call gets a new slice of a
    // pre-built "Bearer <token>" value (a new string object, as from a parsed
    // header) and both caches pay for whatever they hash or compare.
    const headers = tokens.slice(0, 1000).map((t) => `Bearer ${t}`);
    const raw = rawVerifier(alg, keys.publicKey);
    const ours = createTokenVerifier({ jwtKey: keys.pem, verifiedTokenCacheSize: 0, authorizedParties: ['http://localhost:3000'] });
    const oursCached = createTokenVerifier({ jwtKey: keys.pem, authorizedParties: ['http://localhost:3000'] });
    const fast = createVerifier({ key: keys.pem, algorithms: [alg], cache: false });
    const fastCached = createVerifier({ key: keys.pem, algorithms: [alg], cache: 5000 });
    const josePublic = createPublicKey(keys.pem);
    for (const t of tokens.slice(0, 3)) {
      if (!raw(t)) throw new Error('raw verify failed');
      await ours(t);
      fast(t);
      await jwtVerify(t, josePublic);
    }
    for (const h of headers) {
      await oursCached(h.slice(7));
      fastCached(h.slice(7));
    }
    const unique = await interleaved(
      {
        raw: (i) => raw(tokens[i]!),
        ours: (i) => ours(tokens[i]!),
        fast: (i) => fast(tokens[i]!),
        jose: (i) => jwtVerify(tokens[i]!, josePublic),
      },
      tokens.length,
    );
    const repeat = await interleaved(
      {
        ours: (i) => oursCached(headers[i]!.slice(7)),
        fast: (i) => fastCached(headers[i]!.slice(7)),
      },
      headers.length,
    );
    report.rows.push(
      { label: `${alg} raw node:crypto (split, decode sig, verify)`, opsPerSec: unique.raw },
      { label: `${alg} @latchkey/backend verifyToken, unique tokens`, opsPerSec: unique.ours },
      { label: `${alg} fast-jwt, unique tokens (cache off)`, opsPerSec: unique.fast },
      { label: `${alg} jose jwtVerify`, opsPerSec: unique.jose },
      { label: `${alg} @latchkey/backend, repeat of 1,000 cached tokens`, opsPerSec: repeat.ours },
      { label: `${alg} fast-jwt cache hit, same 1,000 tokens`, opsPerSec: repeat.fast },
    );
    report.ratios.push(
      ratio(`${alg} ours / raw node:crypto (unique)`, unique.ours! / unique.raw!, 0.8),
      ratio(`${alg} fast-jwt / raw node:crypto`, unique.fast! / unique.raw!),
      ratio(`${alg} jose / raw node:crypto`, unique.jose! / unique.raw!),
      ratio(`${alg} ours repeat / fast-jwt cache hit`, repeat.ours! / repeat.fast!, 3),
    );
  }
  report.notes!.push(`${ROUNDS} interleaved rounds per row (${CELL_MS} ms per row in total), medians; repeat rows pass a fresh slice of a "Bearer <token>" string per call.`);
  return report;
}
/** For bench/run.ts. */
export const verifyBench: BenchModule = {
  name,
  description: 'Session-token verification throughput vs raw node:crypto, fast-jwt and jose (RS256, ES256, EdDSA; unique and repeated tokens)',
  run,
};
