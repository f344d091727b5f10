/** `latchkey users create|list`. */
import type { UserJson } from '@latchkey/backend';
import { password as promptPassword } from '@inquirer/prompts';
import type { Command } from 'commander';
import { action, examples, type CommandContext } from '../cli.js';
import { listOf } from '../lib/api.js';
import { formatTime, table } from '../lib/format.js';
import { ExitCode, usageError, type CliIo } from '../lib/io.js';
import { positiveInt } from './sessions.js';

const emailOf = (u: UserJson) => u.email_addresses.find((e) => e.id === u.primary_email_address_id)?.email_address ?? u.email_addresses[0]?.email_address ?? '—';

async function readStdin(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function parseMetadata(text: string | undefined, flag: string): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value;
  } catch {
    throw usageError(`${flag} must be a JSON object, e.g. '{"role":"admin"}'`, 'invalid_metadata');
  }
}

export function registerUsers(program: Command, ctx: CommandContext): void {
  const users = program.command('users').description('Create and list users');
  examples(users, ['latchkey users create --email ada@example.com', 'latchkey users list --query ada']);

  const create = users
    .command('create')
    .description('Create a user; the password is asked for in a terminal (hidden) or read with --password-stdin')
    .requiredOption('-e, --email <address>', 'the e-mail address (unique)')
    .option('--password-stdin', 'read the password from stdin (for scripts; never pass it as a flag)')
    .option('--no-password', 'create the user without a password')
    .option('--first-name <name>')
    .option('--last-name <name>')
    .option('--public-metadata <json>', 'public metadata (readable by the browser and templates)')
    .option('--private-metadata <json>', 'private metadata (Backend API only)')
    .action(
      action(ctx, async (o: { email: string; passwordStdin?: boolean; password: boolean; firstName?: string; lastName?: string; publicMetadata?: string; privateMetadata?: string }) => {
        const out = ctx.output();
        const publicMetadata = parseMetadata(o.publicMetadata, '--public-metadata');
        const privateMetadata = parseMetadata(o.privateMetadata, '--private-metadata');
        const api = ctx.connect();
        let password: string | undefined;
        if (o.passwordStdin) {
          if (!o.password) throw usageError('--password-stdin and --no-password contradict each other');
          password = await readStdin(ctx.io);
          if (!password) throw usageError('--password-stdin: stdin was empty', 'password_missing');
        } else if (o.password && ctx.io.stdin.isTTY && !out.json) {
          password = await promptPassword({ message: `Password for ${o.email}:`, mask: '*' }, { input: ctx.io.stdin, output: ctx.io.stdout, clearPromptOnDone: false });
        } else if (o.password) {
          throw usageError('no password: use --password-stdin in scripts, or --no-password', 'password_missing');
        }
        const user = await api.client.users.createUser({
          email_address: [o.email],
          ...(password !== undefined ? { password } : {}),
          ...(publicMetadata ? { public_metadata: publicMetadata } : {}),
          ...(privateMetadata ? { private_metadata: privateMetadata } : {}),
          ...(o.firstName !== undefined ? { first_name: o.firstName } : {}),
          ...(o.lastName !== undefined ? { last_name: o.lastName } : {}),
        } as Parameters<typeof api.client.users.createUser>[0]);
        if (out.json) out.data(user);
        else out.line(`${out.c.green('✔')} created ${user.id} (${emailOf(user)})${password === undefined ? out.c.dim(' without a password') : ''}`);
        return ExitCode.Ok;
      }),
    );
  examples(create, [
    'latchkey users create --email ada@example.com                       # asks for the password',
    "printf '%s' \"$PASSWORD\" | latchkey users create --email ada@example.com --password-stdin",
    'latchkey users create --email bot@example.com --no-password --public-metadata \'{"role":"admin"}\' --json',
  ]);

  const list = users
    .command('list')
    .description('List users, newest first')
    .option('-q, --query <text>', 'search e-mail, names and ids')
    .option('-e, --email <address>', 'only this e-mail address')
    .option('-n, --limit <n>', 'at most this many (1–500)', positiveInt('--limit'), 20)
    .option('--offset <n>', 'skip this many', (t) => (t === '0' ? 0 : positiveInt('--offset', 1_000_000)(t)), 0)
    .action(
      action(ctx, async (o: { query?: string; email?: string; limit: number; offset: number }) => {
        const out = ctx.output();
        const api = ctx.connect();
        const found = listOf(await api.client.users.getUserList({ query: o.query, email_address: o.email ? [o.email] : undefined, limit: o.limit, offset: o.offset }));
        if (out.json) return void out.data(found);
        if (found.length === 0) return void out.line('No users.');
        const now = Date.now();
        out.line(
          table(
            [
              ['id', 'email', 'name', 'created', 'last sign-in', ''],
              ...found.map((u) => [
                u.id,
                emailOf(u),
                [u.first_name, u.last_name].filter(Boolean).join(' ') || '—',
                formatTime(u.created_at, now),
                formatTime(u.last_sign_in_at ?? null, now),
                u.banned ? out.c.red('banned') : '',
              ]),
            ],
            out.c.bold,
          ),
        );
      }),
    );
  examples(list, ['latchkey users list', 'latchkey users list --query example.com --limit 100', 'latchkey users list --json | jq -r ".[].id"']);
}
