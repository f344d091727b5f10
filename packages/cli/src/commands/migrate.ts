/** `latchkey migrate`: opens the store LATCHKEY_DATABASE_URL names and brings its schema up to date. */
import { resolve } from 'node:path';
import { openStore } from '@latchkey/server';
import type { Command } from 'commander';
import { action, examples, type CommandContext } from '../cli.js';
import { CliError, ExitCode } from '../lib/io.js';

const DEFAULT_DATABASE_URL = 'sqlite:./.latchkey/latchkey.db';

/** SQLite paths resolve against the working directory; PostgreSQL URLs are shown without their password. */
function describe(databaseUrl: string, cwd: string): { url: string; location: string } {
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length);
    if (path === ':memory:') return { url: databaseUrl, location: ':memory:' };
    const absolute = resolve(cwd, path);
    return { url: `sqlite:${absolute}`, location: absolute };
  }
  try {
    const url = new URL(databaseUrl);
    url.password = '';
    return { url: databaseUrl, location: url.toString() };
  } catch {
    return { url: databaseUrl, location: '(unparseable URL)' };
  }
}

export function registerMigrate(program: Command, ctx: CommandContext): void {
  const command = program
    .command('migrate')
    .description('Create or upgrade the database schema (LATCHKEY_DATABASE_URL; servers also do this on start)')
    .option('--database-url <url>', 'sqlite:<path> or postgres://… (default: LATCHKEY_DATABASE_URL, else sqlite:./.latchkey/latchkey.db)')
    .action(
      action(ctx, async (options: { databaseUrl?: string }) => {
        const out = ctx.output();
        const { url, location } = describe(options.databaseUrl ?? ctx.io.env.LATCHKEY_DATABASE_URL ?? DEFAULT_DATABASE_URL, ctx.io.cwd);
        if (!out.json) out.line(out.c.dim(`migrating ${location} …`));
        const started = Date.now();
        let store;
        try {
          store = await openStore(url);
        } catch (error) {
          throw new CliError('database_url_invalid', `cannot open ${location}: ${(error as Error).message}`, ExitCode.Usage, { cause: error });
        }
        try {
          await store.migrate();
        } catch (error) {
          const cause = (error as { cause?: Error }).cause?.message;
          throw new CliError('migration_failed', `${(error as Error).message}${cause ? `: ${cause}` : ''}`, ExitCode.Failed, { cause: error });
        } finally {
          await store.close();
        }
        const ms = Date.now() - started;
        if (out.json) out.data({ ok: true, database: location, dialect: store.dialect, elapsed_ms: ms });
        else out.line(`${out.c.green('✔')} ${location} (${store.dialect}) is at the latest schema version (${ms} ms)`);
        return ExitCode.Ok;
      }),
    );
  examples(command, ['latchkey migrate', 'LATCHKEY_DATABASE_URL=postgres://latchkey@db:5432/latchkey latchkey migrate', 'latchkey migrate --database-url sqlite:./data/latchkey.db --json']);
}
