/**
 * `latchkey test <mode>`: end-to-end diagnostics against a running server.
 * Each step is printed as it finishes, with the likely cause of a failure;
 * exit 1 when any step failed.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Argument, type Command } from 'commander';
import { action, examples, type CommandContext } from '../cli.js';
import { CliError, ExitCode, usageError, type Output } from '../lib/io.js';
import type { DiagnosticOptions } from '../diagnostics/fixture.js';
import { Report, type StepResult } from '../diagnostics/report.js';
import { runBasic } from '../diagnostics/modes/basic.js';
import { runCustomClaims } from '../diagnostics/modes/custom-claims.js';
import { runExpiration } from '../diagnostics/modes/expiration.js';
import { runJwtVerify } from '../diagnostics/modes/jwt-verify.js';
import { runMultiSession } from '../diagnostics/modes/multi-session.js';
import { runRefresh } from '../diagnostics/modes/refresh.js';

export const testModes = {
  basic: { run: runBasic, about: 'sign in through a browser, get a session token, verify it with the JWKS' },
  'jwt-verify': { run: runJwtVerify, about: 'verify a token as your app would: key, issuer, authorized party, clock' },
  'custom-claims': { run: runCustomClaims, about: 'a JWT template produces its claims for a real user' },
  'multi-session': { run: runMultiSession, about: 'two accounts in one browser, each with its own session and tokens' },
  refresh: { run: runRefresh, about: 'fresh tokens by cookie and by the Backend API; none for a revoked session' },
  expiration: { run: runExpiration, about: 'token and session deadlines, clock skew, expired tokens refused' },
} as const;
type Mode = keyof typeof testModes;

interface TestOptions {
  frontendApiUrl?: string;
  origin?: string;
  issuer?: string;
  authorizedParty: string[];
  jwtKey?: string;
  template?: string;
  expectClaim: string[];
  keep?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function printStep(out: Output, step: StepResult): void {
  const mark = step.status === 'pass' ? out.c.green('✔') : step.status === 'fail' ? out.c.red('✖') : out.c.dim('–');
  const name = step.status === 'skip' ? out.c.dim(step.name) : step.name;
  out.line(`  ${mark} ${name}${step.detail ? out.c.dim(`  (${step.detail})`) : ''}`);
  if (step.cause) out.line(`      ${out.c.yellow('likely cause:')} ${step.cause}`);
}

function readJwtKey(path: string | undefined, env: Record<string, string | undefined>, cwd: string): string | undefined {
  if (path === undefined) return env.LATCHKEY_JWT_KEY || undefined;
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw usageError(`--jwt-key: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 'jwt_key_unreadable');
  }
}

export function registerTest(program: Command, ctx: CommandContext): void {
  const command = program
    .command('test')
    .description('End-to-end diagnostics against a running server; failures come with their likely cause')
    .addArgument(new Argument('<mode>', Object.entries(testModes).map(([k, v]) => `${k}: ${v.about}`).join('; ') + '; all: every mode').choices([...Object.keys(testModes), 'all']))
    .option('--frontend-api-url <url>', 'where browsers reach the server (default: the API URL)')
    .option('--origin <origin>', 'the app origin the test browser sends (default: the frontend API\'s origin, always allowed)')
    .option('--issuer <url>', 'the iss your app expects (default: the frontend API URL)')
    .option('--authorized-party <origin>', 'an azp your app accepts (repeatable; default: --origin)', collect, [])
    .option('--jwt-key <file>', 'verify with this PEM/JWK, as an app with LATCHKEY_JWT_KEY does (default: LATCHKEY_JWT_KEY, else the JWKS)')
    .option('--template <name>', 'custom-claims: check this template instead of a temporary one')
    .option('--expect-claim <claim>', 'custom-claims: a claim the template token must carry (repeatable; default: every claim of the template)', collect, [])
    .option('--keep', 'keep the throwaway users and templates (for a look afterwards)')
    .action(
      action(ctx, async (mode: Mode | 'all', o: TestOptions) => {
        const out = ctx.output();
        const api = ctx.connect();
        const frontendUrl = (o.frontendApiUrl ?? api.apiUrl).replace(/\/+$/, '');
        let origin: string;
        try {
          origin = new URL(o.origin ?? frontendUrl).origin;
        } catch {
          throw usageError('--origin / --frontend-api-url must be URLs', 'invalid_url');
        }
        const dx: DiagnosticOptions = {
          api,
          frontendUrl,
          origin,
          issuer: (o.issuer ?? frontendUrl).replace(/\/+$/, ''),
          authorizedParties: o.authorizedParty.length ? o.authorizedParty : [origin],
          jwtKey: readJwtKey(o.jwtKey, ctx.io.env, ctx.io.cwd),
          template: o.template,
          expectClaims: o.expectClaim,
          keep: o.keep === true,
        };
        const modes = mode === 'all' ? (Object.keys(testModes) as Mode[]) : [mode];
        const results: { mode: Mode; ok: boolean; steps: StepResult[] }[] = [];
        for (const m of modes) {
          if (!out.json) out.line(out.c.bold(`latchkey test ${m}`) + out.c.dim(` — ${testModes[m].about}`));
          const report = new Report((step) => !out.json && printStep(out, step));
          try {
            await testModes[m].run(report, dx);
          } catch (error) {
            if (error instanceof CliError) throw error;
            report.record({ name: 'unexpected error', status: 'fail', detail: error instanceof Error ? error.message : String(error) });
          }
          results.push({ mode: m, ok: report.ok, steps: report.steps });
        }
        const ok = results.every((r) => r.ok);
        if (out.json) out.data({ ok, modes: results });
        else {
          const failed = results.flatMap((r) => r.steps).filter((s) => s.status === 'fail').length;
          out.line(ok ? out.c.green(`\nAll checks passed (${modes.join(', ')}).`) : out.c.red(`\n${failed} check${failed === 1 ? '' : 's'} failed.`));
        }
        return ok ? ExitCode.Ok : ExitCode.Failed;
      }),
    );
  examples(command, [
    'latchkey test basic',
    'latchkey test all --api-url https://auth.example.com --origin https://app.example.com',
    'latchkey test jwt-verify --jwt-key ./latchkey-public.pem --issuer https://auth.example.com',
    'latchkey test custom-claims --template supabase --expect-claim email --expect-claim role',
    'latchkey test expiration --json',
  ]);
}
