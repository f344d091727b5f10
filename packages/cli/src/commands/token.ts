/**
 * `latchkey token decode|verify <jwt>`: the header and claims with human
 * times, and — for verify — each check an SDK makes, with why it would fail.
 */
import { decodeJwt } from '@latchkey/backend/jwt';
import type { Command } from 'commander';
import { action, examples, type CommandContext } from '../cli.js';
import { formatDuration, formatTime, parseDuration, table } from '../lib/format.js';
import { CliError, ExitCode, usageError, type CliIo, type Output } from '../lib/io.js';
import { describeOffset, explainRejection } from '../diagnostics/explain.js';
import { rejectionOf, verifyAsApp, type DiagnosticOptions } from '../diagnostics/fixture.js';
import { fail, passWith, Report } from '../diagnostics/report.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const timeClaims = new Set(['iat', 'nbf', 'exp', 'auth_time', 'updated_at']);

async function readToken(arg: string, io: CliIo): Promise<string> {
  let token = arg;
  if (arg === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Buffer));
    token = Buffer.concat(chunks).toString('utf8');
  }
  return token.trim().replace(/^Bearer\s+/i, '');
}

function decodeOrFail(token: string) {
  try {
    return decodeJwt<Record<string, unknown>>(token);
  } catch (error) {
    throw new CliError('token_invalid', `not a JWT: ${(error as Error).message}`, ExitCode.Failed);
  }
}

/** Offline observations: what an SDK would refuse, by this machine's clock. */
export function tokenProblems(payload: Record<string, unknown>, nowMs: number, skewSeconds = 5): string[] {
  const now = nowMs / 1000;
  const problems: string[] = [];
  const { exp, nbf, iat } = payload as { exp?: unknown; nbf?: unknown; iat?: unknown };
  if (typeof exp !== 'number') problems.push('no exp: SDKs refuse tokens without an expiry');
  else if (exp < now - skewSeconds) problems.push(`expired ${formatDuration(Math.round(now - exp))} ago${typeof iat === 'number' ? ` (it lived ${formatDuration(exp - iat)}; session tokens are meant to be refreshed, the SDKs do it)` : ''}`);
  if (typeof nbf === 'number' && nbf > now + skewSeconds) problems.push(`not valid for another ${formatDuration(Math.round(nbf - now))} (nbf): the issuer's clock is ahead of this machine's`);
  if (typeof iat === 'number' && iat > now + skewSeconds) problems.push(`issued ${formatDuration(Math.round(iat - now))} in the future (iat): the issuer's clock is ahead of this machine's`);
  if (typeof payload.sub !== 'string') problems.push('no sub: not a session token');
  return problems;
}

function printDecoded(out: Output, header: Record<string, unknown>, payload: Record<string, unknown>, nowMs: number): void {
  out.line(out.c.bold('Header'));
  out.line(table([['', ''], ...Object.entries(header).map(([k, v]) => [`  ${k}`, JSON.stringify(v)])]).split('\n').slice(1).join('\n'));
  out.line(out.c.bold('Claims'));
  const rows = Object.entries(payload).map(([k, v]) => [`  ${k}`, timeClaims.has(k) && typeof v === 'number' ? `${v}  ${out.c.dim(formatTime(v * 1000, nowMs))}` : JSON.stringify(v)]);
  out.line(table([['', ''], ...rows]).split('\n').slice(1).join('\n'));
}

/** Server time minus local time from the Date header of a cheap request (1 s resolution). */
async function measureServerClock(apiUrl: string): Promise<number | null> {
  try {
    const before = Date.now();
    const response = await fetch(`${apiUrl}/v1/jwks`);
    const after = Date.now();
    await response.arrayBuffer();
    const date = response.headers.get('date');
    return date ? Math.round((Date.parse(date) + 500 - (before + after) / 2) / 1000) : null;
  } catch {
    return null;
  }
}

export function registerToken(program: Command, ctx: CommandContext): void {
  const group = program.command('token').description('Decode or verify a session or template token');
  examples(group, ['latchkey token decode eyJhbGciOi…', 'latchkey token verify eyJhbGciOi…']);

  const decode = group
    .command('decode')
    .description('Show header and claims with human times, and what a verifier would refuse (the signature is not checked)')
    .argument('<jwt>', 'the token, or - to read it from stdin')
    .action(
      action(ctx, async (arg: string) => {
        const out = ctx.output();
        const { header, payload } = decodeOrFail(await readToken(arg, ctx.io));
        const now = Date.now();
        const problems = tokenProblems(payload, now);
        if (out.json) return void out.data({ header, payload, problems, signature_checked: false });
        printDecoded(out, header, payload, now);
        out.line(out.c.bold('Would a verifier accept it?') + out.c.dim(' (signature not checked: latchkey token verify)'));
        if (problems.length === 0) out.line(`  ${out.c.green('✔')} nothing wrong by this machine's clock`);
        for (const p of problems) out.line(`  ${out.c.red('✖')} ${p}`);
      }),
    );
  examples(decode, ['latchkey token decode eyJhbGciOiJSUzI1NiIs…', 'pbpaste | latchkey token decode -', 'latchkey token decode "$TOKEN" --json | jq .payload.sid']);

  const verify = group
    .command('verify')
    .description('Verify a token as an app would (signature, time, issuer, authorized party) and explain each failure')
    .argument('<jwt>', 'the token, or - to read it from stdin')
    .option('--jwt-key <file>', 'PEM or JWK to verify with (default: LATCHKEY_JWT_KEY, else the server\'s JWKS)')
    .option('--issuer <url>', 'the iss the app expects')
    .option('--authorized-party <origin>', 'an azp the app accepts (repeatable)', (v: string, p: string[]) => [...p, v], [])
    .option('--clock-skew <duration>', 'allowed clock skew', '5s')
    .action(
      action(ctx, async (arg: string, o: { jwtKey?: string; issuer?: string; authorizedParty: string[]; clockSkew: string }) => {
        const out = ctx.output();
        const token = await readToken(arg, ctx.io);
        const { header, payload } = decodeOrFail(token);
        const skew = parseDuration(o.clockSkew, '--clock-skew');
        let jwtKey: string | undefined = ctx.io.env.LATCHKEY_JWT_KEY || undefined;
        if (o.jwtKey) {
          try {
            jwtKey = readFileSync(resolve(ctx.io.cwd, o.jwtKey), 'utf8');
          } catch (error) {
            throw usageError(`--jwt-key: cannot read ${o.jwtKey} (${(error as NodeJS.ErrnoException).code})`, 'jwt_key_unreadable');
          }
        }
        const api = jwtKey ? null : ctx.connect();
        const dx = { api: api ?? { apiUrl: '', secretKey: '' }, jwtKey } as unknown as DiagnosticOptions;
        const keySource = jwtKey ? 'the configured key (--jwt-key / LATCHKEY_JWT_KEY)' : `the server's JWKS (${api!.apiUrl}/v1/jwks)`;
        const now = Date.now();
        const report = new Report();

        await report.step(`signature checks out with ${keySource}`, async () => {
          const at = typeof payload.iat === 'number' ? new Date(payload.iat * 1000) : new Date(now);
          const reason = await rejectionOf(verifyAsApp(dx, token, { now: () => at }));
          if (reason) fail(`rejected: ${reason} (kid ${JSON.stringify(header.kid)})`, explainRejection(reason, { keySource }));
          return passWith(`${String(header.alg)}, kid ${String(header.kid)}`, true);
        });
        await report.step(`valid now by this machine's clock (±${skew}s)`, async () => {
          const problems = tokenProblems(payload, now, skew).filter((p) => !p.startsWith('no sub'));
          if (problems.length) {
            const offset = api ? await measureServerClock(api.apiUrl) : null;
            const clock = offset === null ? '' : ` The server's clock is ${describeOffset(offset)} (its Date header).`;
            fail(problems.join('; '), `${problems[0]!.startsWith('expired') ? 'the token is past its exp: get a fresh one.' : 'clock skew between the issuer and this machine.'}${clock}`);
          }
          return passWith(`expires ${formatTime(Number(payload.exp) * 1000, now)}`, true);
        });
        if (o.issuer) {
          await report.step(`issuer is ${o.issuer}`, async () => {
            if (payload.iss !== o.issuer!.replace(/\/+$/, '')) fail(`iss is ${JSON.stringify(payload.iss)}`, explainRejection('token-invalid-issuer', { keySource, issuer: o.issuer, tokenIssuer: payload.iss }));
          });
        } else report.record({ name: 'issuer', status: 'skip', detail: `iss ${JSON.stringify(payload.iss)} (pass --issuer to check)` });
        if (o.authorizedParty.length) {
          await report.step(`authorized party is one of ${o.authorizedParty.join(', ')}`, async () => {
            if (payload.azp !== undefined && !o.authorizedParty.includes(String(payload.azp))) {
              fail(`azp is ${JSON.stringify(payload.azp)}`, explainRejection('token-invalid-authorized-parties', { keySource, authorizedParties: o.authorizedParty, tokenAzp: payload.azp }));
            }
          });
        } else report.record({ name: 'authorized party', status: 'skip', detail: `azp ${JSON.stringify(payload.azp ?? null)} (pass --authorized-party to check)` });

        if (out.json) {
          out.data({ valid: report.ok, header, payload, checks: report.steps });
          return report.ok ? ExitCode.Ok : ExitCode.Failed;
        }
        printDecoded(out, header, payload, now);
        out.line(out.c.bold('Checks'));
        for (const step of report.steps) {
          const mark = step.status === 'pass' ? out.c.green('✔') : step.status === 'fail' ? out.c.red('✖') : out.c.dim('–');
          out.line(`  ${mark} ${step.name}${step.detail ? out.c.dim(`  (${step.detail})`) : ''}`);
          if (step.cause) out.line(`      ${out.c.yellow('likely cause:')} ${step.cause}`);
        }
        out.line(report.ok ? out.c.green('Valid.') : out.c.red('Not valid.'));
        return report.ok ? ExitCode.Ok : ExitCode.Failed;
      }),
    );
  examples(verify, [
    'latchkey token verify eyJhbGciOi…',
    'latchkey token verify "$TOKEN" --issuer http://localhost:4400 --authorized-party http://localhost:3000',
    'latchkey token verify "$TOKEN" --jwt-key ./latchkey-public.pem --json',
  ]);
}
