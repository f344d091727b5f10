/**
 * `latchkey jwt-template create|list|show|delete` over the Backend API's
 * JWT templates (Clerk's shapes: `name, claims, lifetime, allowed_clock_skew,
 * signing_algorithm, custom_signing_key, signing_key`).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { confirm } from '@inquirer/prompts';
import type { JwtTemplateJson } from '@latchkey/backend';
import { LatchkeyApiError } from '@latchkey/backend/errors';
import { Argument, Option, type Command } from 'commander';
import { action, examples, type CommandContext } from '../cli.js';
import { listOf, type Connection } from '../lib/api.js';
import { formatDuration, formatTime, parseDuration, table } from '../lib/format.js';
import { CliError, ExitCode, usageError, type CliIo } from '../lib/io.js';

/** The server's built-in starting points (`starting_point` on create); it owns their claims. */
export const startingPoints = ['default', 'supabase', 'hasura'] as const;

async function readClaims(path: string, io: CliIo): Promise<Record<string, unknown>> {
  let text: string;
  try {
    if (path === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Buffer));
      text = Buffer.concat(chunks).toString('utf8');
    } else text = readFileSync(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    throw usageError(`--claims: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 'claims_unreadable');
  }
  let claims: unknown;
  try {
    claims = JSON.parse(text);
  } catch (error) {
    throw usageError(`--claims: ${path} is not JSON (${(error as Error).message})`, 'claims_invalid');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw usageError('--claims must hold a JSON object', 'claims_invalid');
  return claims as Record<string, unknown>;
}

/** Finds a template by id, or by name when no template has that id. */
export async function findTemplate(api: Connection, idOrName: string): Promise<JwtTemplateJson> {
  try {
    return await api.client.jwtTemplates.get(idOrName);
  } catch (error) {
    if (!(error instanceof LatchkeyApiError && error.status === 404)) throw error;
  }
  const byName = listOf(await api.client.jwtTemplates.list()).find((t) => t.name === idOrName);
  if (!byName) throw new CliError('template_not_found', `no JWT template with id or name "${idOrName}" (latchkey jwt-template list)`);
  return byName;
}

interface CreateOptions {
  name?: string;
  claims?: string;
  lifetime?: string;
  clockSkew?: string;
  signingAlgorithm?: string;
  signingKeyEnv?: string;
  signingKeyStdin?: boolean;
}

export function registerJwtTemplate(program: Command, ctx: CommandContext): void {
  const group = program.command('jwt-template').description('Create, list, show and delete JWT templates (claims for Supabase, Hasura or your own APIs)');
  examples(group, ['latchkey jwt-template create supabase --signing-key-env SUPABASE_JWT_SECRET', 'latchkey jwt-template list']);

  const create = group
    .command('create')
    .description('Create a template from a built-in starting point of the server (default, supabase, hasura) or your own claims')
    .addArgument(new Argument('<kind>', 'starting point').choices([...startingPoints, 'custom']))
    .option('--name <name>', 'template name, used in getToken({ template }) (default: the kind)')
    .option('--claims <file>', 'JSON file with the claims (required for custom; replaces the starting point\'s; - reads stdin)')
    .option('--lifetime <duration>', 'token lifetime, e.g. 60, 5m (at least 30s)', '60')
    .option('--clock-skew <duration>', 'allowed clock skew (0 – 5m)', '5')
    .addOption(new Option('--signing-algorithm <alg>', 'algorithm of the template\'s own key (default HS256; without a key the instance keys sign)').choices(['HS256', 'HS384', 'HS512']))
    .option('--signing-key-env <VAR>', 'sign with this shared secret from the environment (e.g. SUPABASE_JWT_SECRET)')
    .option('--signing-key-stdin', 'sign with the shared secret read from stdin')
    .action(
      action(ctx, async (kind: (typeof startingPoints)[number] | 'custom', o: CreateOptions) => {
        const out = ctx.output();
        if (kind === 'custom' && !o.claims) throw usageError('custom templates need --claims <file>', 'claims_missing');
        const name = o.name ?? (kind === 'custom' ? undefined : kind);
        if (!name) throw usageError('custom templates need --name <name>', 'name_missing');
        if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name)) throw usageError('--name: letters, digits, _, . and - (1–64, starting with a letter or digit): it is part of the token URL', 'name_invalid');
        const lifetime = parseDuration(o.lifetime ?? '60', '--lifetime');
        const skew = parseDuration(o.clockSkew ?? '5', '--clock-skew');
        if (lifetime < 30 || lifetime > 315_360_000) throw usageError('--lifetime must be between 30s and 10 years', 'lifetime_invalid');
        if (skew > 300) throw usageError('--clock-skew must be at most 5m', 'clock_skew_invalid');
        const claims = o.claims ? await readClaims(o.claims, ctx.io) : undefined;

        let signingKey: string | undefined;
        if (o.signingKeyEnv) {
          signingKey = ctx.io.env[o.signingKeyEnv];
          if (!signingKey) throw usageError(`--signing-key-env: ${o.signingKeyEnv} is not set`, 'signing_key_missing');
        } else if (o.signingKeyStdin) {
          const chunks: Buffer[] = [];
          for await (const chunk of ctx.io.stdin) chunks.push(Buffer.from(chunk as Buffer));
          signingKey = Buffer.concat(chunks).toString('utf8').trim();
          if (!signingKey) throw usageError('--signing-key-stdin: stdin was empty', 'signing_key_missing');
        }
        if (o.signingAlgorithm && !signingKey) throw usageError(`${o.signingAlgorithm} signs with a shared secret: give --signing-key-env <VAR> or --signing-key-stdin`, 'signing_key_missing');
        if (kind === 'supabase' && !signingKey) {
          throw usageError('supabase tokens are signed with the Supabase project\'s JWT secret: --signing-key-env SUPABASE_JWT_SECRET (or --signing-key-stdin)', 'signing_key_missing');
        }

        const template = await ctx.connect().client.jwtTemplates.create({
          name,
          ...(kind !== 'custom' ? { starting_point: kind } : {}),
          ...(claims ? { claims } : {}),
          lifetime,
          allowed_clock_skew: skew,
          ...(signingKey ? { custom_signing_key: true, signing_algorithm: o.signingAlgorithm ?? 'HS256', signing_key: signingKey } : {}),
        } as Parameters<Connection['client']['jwtTemplates']['create']>[0]);
        if (out.json) return void out.data(template);
        out.line(`${out.c.green('✔')} created JWT template ${template.name} (${template.id})`);
        out.line(out.c.dim(`mint with getToken({ template: '${template.name}' }) or POST /v1/sessions/{id}/tokens/${template.name}`));
      }),
    );
  examples(create, [
    'latchkey jwt-template create default',
    'SUPABASE_JWT_SECRET=… latchkey jwt-template create supabase --signing-key-env SUPABASE_JWT_SECRET',
    'latchkey jwt-template create hasura --lifetime 5m',
    'latchkey jwt-template create custom --name api --claims ./claims.json',
    'echo \'{"role":"{{user.public_metadata.role || \\"member\\"}}"}\' | latchkey jwt-template create custom --name api --claims -',
  ]);

  const list = group
    .command('list')
    .description('List JWT templates')
    .action(
      action(ctx, async () => {
        const out = ctx.output();
        const templates = listOf(await ctx.connect().client.jwtTemplates.list());
        if (out.json) return void out.data(templates);
        if (templates.length === 0) return void out.line('No JWT templates. Create one: latchkey jwt-template create default');
        out.line(
          table(
            [
              ['id', 'name', 'lifetime', 'skew', 'algorithm', 'claims', 'updated'],
              ...templates.map((t) => [t.id, t.name, formatDuration(t.lifetime), formatDuration(t.allowed_clock_skew), `${t.signing_algorithm ?? 'RS256'}${t.custom_signing_key ? ' (own key)' : ''}`, Object.keys(t.claims).join(', ') || '—', formatTime(t.updated_at)]),
            ],
            out.c.bold,
          ),
        );
      }),
    );
  examples(list, ['latchkey jwt-template list', 'latchkey jwt-template list --json']);

  const show = group
    .command('show')
    .description('Show one template and its claims')
    .argument('<id-or-name>')
    .action(
      action(ctx, async (idOrName: string) => {
        const out = ctx.output();
        const t = await findTemplate(ctx.connect(), idOrName);
        if (out.json) return void out.data(t);
        out.line(`${out.c.bold(t.name)}  ${out.c.dim(t.id)}`);
        out.line(`  lifetime ${formatDuration(t.lifetime)}, allowed clock skew ${formatDuration(t.allowed_clock_skew)}, ${t.signing_algorithm ?? 'RS256'}${t.custom_signing_key ? ' with its own signing key' : ' with the instance keys'}`);
        out.line(`  updated ${formatTime(t.updated_at)}`);
        out.line('  claims (plus azp, exp, iat, iss, jti, nbf, sub):');
        out.line(JSON.stringify(t.claims, null, 2).replace(/^/gm, '    '));
      }),
    );
  examples(show, ['latchkey jwt-template show supabase', 'latchkey jwt-template show jtmp_2x… --json']);

  const remove = group
    .command('delete')
    .description('Delete a template (apps asking for it get template_not_found)')
    .argument('<id-or-name>')
    .option('-y, --yes', 'do not ask (required when stdin is not a terminal)')
    .action(
      action(ctx, async (idOrName: string, o: { yes?: boolean }) => {
        const out = ctx.output();
        const api = ctx.connect();
        const t = await findTemplate(api, idOrName);
        if (!o.yes) {
          if (!ctx.io.stdin.isTTY || out.json) throw usageError('deleting needs --yes when not run in a terminal', 'confirmation_required');
          const ok = await confirm({ message: `Delete JWT template ${t.name} (${t.id})?`, default: false }, { input: ctx.io.stdin, output: ctx.io.stdout, clearPromptOnDone: false });
          if (!ok) {
            out.line('Cancelled.');
            return ExitCode.Failed;
          }
        }
        const deleted = await api.client.jwtTemplates.delete(t.id);
        if (out.json) return void out.data(deleted);
        out.line(`${out.c.green('✔')} deleted JWT template ${t.name} (${t.id})`);
      }),
    );
  examples(remove, ['latchkey jwt-template delete supabase --yes', 'latchkey jwt-template delete jtmp_2x…']);
}
