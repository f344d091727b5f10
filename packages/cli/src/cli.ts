/**
 * The `latchkey` program: global options, one `register…` per command file,
 * and the mapping of every outcome to an exit code (0 ok, 1 failed, 2 usage).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { Command, CommanderError, Option } from 'commander';
import { connect, toCliError, type Connection } from './lib/api.js';
import { CliError, createOutput, ExitCode, usageError, type CliIo, type Output } from './lib/io.js';
import { registerInit } from './commands/init.js';
import { registerJwtTemplate } from './commands/jwt-template.js';
import { registerKeys } from './commands/keys.js';
import { registerMigrate } from './commands/migrate.js';
import { registerSessions } from './commands/sessions.js';
import { registerServe } from './commands/serve.js';
import { registerTest } from './commands/test.js';
import { registerToken } from './commands/token.js';
import { registerUsers } from './commands/users.js';

export interface GlobalOptions {
  apiUrl?: string;
  secretKey?: string;
  json: boolean;
  color: boolean;
  envFile?: string;
}

/** What every command gets: its streams, the merged environment, and lazy helpers. */
export interface CommandContext {
  io: CliIo;
  globals(): GlobalOptions;
  output(): Output;
  /** The Backend API connection (throws a usage error when no secret key is configured). */
  connect(): Connection;
  /** Set by long-running commands (`dev`, `start`) so the process stays up. */
  keepAlive: boolean;
  exitCode: number;
}

/** Wraps an action: turns thrown errors into messages (or `--json` errors) and exit codes. */
export function action<A extends unknown[]>(ctx: CommandContext, run: (...args: A) => Promise<number | void>) {
  return async (...args: A) => {
    try {
      const code = await run(...args);
      ctx.exitCode = code ?? ExitCode.Ok;
    } catch (error) {
      const apiUrl = (() => {
        try {
          return ctx.connect().apiUrl;
        } catch {
          return 'the server';
        }
      })();
      const failure = toCliError(error, apiUrl);
      const out = ctx.output();
      if (out.json) out.data({ errors: [{ code: failure.code, message: failure.message }] });
      else out.error(`${out.c.red('latchkey:')} ${failure.message}`);
      ctx.exitCode = failure.exitCode;
    }
  };
}

/** Adds an "Examples:" block to a command's `--help`. */
export function examples(command: Command, lines: string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}

/** Reads `--env-file` (default `./.env` when present) without overriding variables already set. */
function loadEnvFile(io: CliIo, argv: readonly string[]): CliIo['env'] {
  const i = argv.findIndex((a) => a === '--env-file' || a.startsWith('--env-file='));
  const given = i === -1 ? undefined : argv[i]!.includes('=') ? argv[i]!.split('=').slice(1).join('=') : argv[i + 1];
  const path = resolve(io.cwd, given ?? '.env');
  if (!existsSync(path)) {
    if (given !== undefined) throw usageError(`--env-file: ${path} does not exist`, 'env_file_missing');
    return io.env;
  }
  const fromFile = parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
  return { ...fromFile, ...Object.fromEntries(Object.entries(io.env).filter(([, v]) => v !== undefined)) };
}

export function createProgram(ctx: CommandContext): Command {
  const program = new Command('latchkey')
    .description('Run a Latchkey server, and manage and diagnose its sessions, tokens, templates, keys and users.')
    .version('0.1.0', '-v, --version')
    .addOption(new Option('--api-url <url>', 'the server to talk to (default: LATCHKEY_API_URL, else http://localhost:4400)'))
    .addOption(new Option('--secret-key <sk>', 'the instance secret key (default: LATCHKEY_SECRET_KEY, else ./.latchkey/secret-key)'))
    .option('--json', 'machine-readable output on stdout')
    .option('--no-color', 'no ANSI colours (also NO_COLOR=1; colours are only used on a TTY anyway)')
    .option('--env-file <path>', 'read LATCHKEY_* variables from this file (default: ./.env when present)')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => void ctx.io.stdout.write(s),
      writeErr: (s) => void ctx.io.stderr.write(s),
    })
    .exitOverride();
  examples(program, [
    'latchkey dev',
    'latchkey sessions configure --max-lifetime 30d --inactivity-timeout 2h',
    'latchkey test all',
    'latchkey token verify eyJhbGciOi…',
    'latchkey users list --json | jq ".[].id"',
  ]);

  registerServe(program, ctx);
  registerInit(program, ctx);
  registerMigrate(program, ctx);
  registerSessions(program, ctx);
  registerJwtTemplate(program, ctx);
  registerTest(program, ctx);
  registerToken(program, ctx);
  registerKeys(program, ctx);
  registerUsers(program, ctx);

  // Every command reports usage errors the same way and exits 2.
  const configure = (command: Command) => {
    command.exitOverride().configureOutput({
      writeOut: (s) => void ctx.io.stdout.write(s),
      writeErr: (s) => void ctx.io.stderr.write(s),
    });
    command.showHelpAfterError('(run with --help for usage)');
    for (const sub of command.commands) configure(sub);
  };
  for (const sub of program.commands) configure(sub);
  return program;
}

/**
 * Runs the CLI on `argv` (without node and script) and resolves with the
 * exit code, or -1 when a server was started and the process must stay up.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const ctx: CommandContext = {
    io,
    keepAlive: false,
    exitCode: ExitCode.Ok,
    globals: () => program.opts<GlobalOptions>(),
    output: () => createOutput(io, { json: program.opts<GlobalOptions>().json === true, color: program.opts<GlobalOptions>().color !== false }),
    connect: () => {
      connection ??= connect({ apiUrl: ctx.globals().apiUrl, secretKey: ctx.globals().secretKey }, ctx.io);
      return connection;
    },
  };
  let connection: Connection | undefined;
  let program: Command;
  try {
    ctx.io = { ...io, env: loadEnvFile(io, argv) };
  } catch (error) {
    io.stderr.write(`latchkey: ${(error as Error).message}\n`);
    return ExitCode.Usage;
  }
  program = createProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.Ok;
      // Unknown commands and options, missing arguments, and a bare command
      // group (`latchkey sessions`, which prints its help) are usage errors.
      return ExitCode.Usage;
    }
    if (error instanceof CliError) {
      io.stderr.write(`latchkey: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
  return ctx.keepAlive ? -1 : ctx.exitCode;
}
