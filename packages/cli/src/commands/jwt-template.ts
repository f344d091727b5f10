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

/** Starting points, the same claim sets Clerk's template gallery offers. */
export const builtInTemplates = {
  default: { email: '{{user.primary_email_address}}', public_metadata: '{{user.public_metadata}}' },
  supabase: {
    aud: 'authenticated',
    role: 'authenticated',
    email: '{{user.primary_email_address}}',
    app_metadata: {},
    user_metadata: {},
  },
  hasura: {
    'https://hasura.io/jwt/claims': {
      'x-hasura-user-id': '{{user.id}}',
      'x-hasura-default-role': 'user',
      'x-hasura-allowed-roles': ['user'],
    },
  },
} as const satisfies Record<string, Record<string, unknown>>;

/** Claims every template token gets from the server; a template may not set them. */
const reservedClaims = ['azp', 'exp', 'iat', 'iss', 'jti', 'nbf', 'sub'];

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
    .description('Create a template from a built-in starting point (default, supabase, hasura) or your own claims')
    .addArgument(new Argument('<kind>', 'starting point').choices(['default', 'supabase', 'hasura', 'custom']))
    .option('--name <name>', 'template name, used in getToken({ template }) (default: the kind)')
    .option('--claims <file>', 'JSON file with the claims (required for custom; replaces a built-in\'s; - reads stdin)')
    .option('--lifetime <duration>', 'token lifetime, e.g. 60, 5m (30s – 1d)', '60')
    .option('--clock-skew <duration>', 'allowed clock skew (0 – 5m)', '5')
    .addOption(new Option('--signing-algorithm <alg>', 'algorithm (HS256 needs a custom signing key)').choices(['RS256', 'ES256', 'EdDSA', 'HS256']))
    .option('--signing-key-env <VAR>', 'custom signing key from this environment variable (e.g. SUPABASE_JWT_SECRET; implies HS256)')
    .option('--signing-key-stdin', 'custom signing key from stdin (implies HS256)')
    .action(
      action(ctx, async (kind: keyof typeof builtInTemplates | 'custom', o: CreateOptions) => {
        const out = ctx.output();
        if (kind === 'custom' && !o.claims) throw usageError('custom templates need --claims <file>', 'claims_missing');
        const name = o.name ?? (kind === 'custom' ? undefined : kind);
        if (!name) throw usageError('custom templates need --name <name>', 'name_missing');
        if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw usageError('--name: letters, digits, - and _ only (1–64)', 'name_invalid');
        const lifetime = parseDuration(o.lifetime ?? '60', '--lifetime');
        const skew = parseDuration(o.clockSkew ?? '5', '--clock-skew');
        if (lifetime < 30 || lifetime > 86_400) throw usageError('--lifetime must be between 30s and 1d', 'lifetime_invalid');
        if (skew > 300) throw usageError('--clock-skew must be at most 5m', 'clock_skew_invalid');
        const claims = o.claims ? await readClaims(o.claims, ctx.io) : structuredClone(builtInTemplates[kind as keyof typeof builtInTemplates]) as Record<string, unknown>;
        const reserved = Object.keys(claims).filter((k) => reservedClaims.includes(k));
        if (reserved.length) throw usageError(`claims may not set ${reserved.join(', ')}: the server sets them on every template token`, 'claims_reserved');

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
        const algorithm = o.signingAlgorithm ?? (signingKey ? 'HS256' : undefined);
        if (algorithm === 'HS256' && !signingKey) throw usageError('HS256 needs the shared secret: --signing-key-env <VAR> or --signing-key-stdin', 'signing_key_missing');

        const template = await ctx.connect().client.jwtTemplates.create({
          name,
          claims,
          lifetime,
          allowed_clock_skew: skew,
          ...(algorithm ? { signing_algorithm: algorithm } : {}),
          ...(signingKey ? { custom_signing_key: true, signing_key: signingKey } : {}),
        });
        if (out.json) return void out.data(template);
        out.line(`${out.c.green('✔')} created JWT template ${template.name} (${template.id})`);
        out.line(out.c.dim(`mint with getToken({ template: '${template.name}' }) or POST /v1/sessions/{id}/tokens/${template.name}`));
        if (kind === 'supabase' && !signingKey) out.line(out.c.yellow('! Supabase projects that verify with their legacy JWT secret need --signing-key-env SUPABASE_JWT_SECRET'));
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
