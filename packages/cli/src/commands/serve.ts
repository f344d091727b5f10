/** `latchkey dev` and `latchkey start`: run the server (DESIGN §10). */
import type { Command } from 'commander';
import { action, examples, type CommandContext } from '../cli.js';
import { runStart } from './start.js';

interface ServeOptions {
  port?: string;
  host?: string;
  databaseUrl?: string;
  publicUrl?: string;
}

/** Flags win over the environment; they are passed on as the same variables. */
function envWithFlags(env: CommandContext['io']['env'], o: ServeOptions): NodeJS.ProcessEnv {
  return {
    ...env,
    ...(o.port !== undefined ? { PORT: o.port } : {}),
    ...(o.host !== undefined ? { HOST: o.host } : {}),
    ...(o.databaseUrl !== undefined ? { LATCHKEY_DATABASE_URL: o.databaseUrl } : {}),
    ...(o.publicUrl !== undefined ? { LATCHKEY_PUBLIC_URL: o.publicUrl } : {}),
  };
}

export function registerServe(program: Command, ctx: CommandContext): void {
  for (const dev of [true, false]) {
    const name = dev ? 'dev' : 'start';
    const command = program
      .command(name)
      .description(
        dev
          ? 'Run the server with development defaults (SQLite in ./.latchkey, keys generated on first start)'
          : 'Run the server (configuration from flags or PORT, HOST, LATCHKEY_* environment variables)',
      )
      .option('-p, --port <port>', 'listen port (PORT; default 4400)')
      .option('--host <host>', 'listen address (HOST; default 127.0.0.1)')
      .option('--database-url <url>', 'sqlite:<path> or postgres://… (LATCHKEY_DATABASE_URL)')
      .option('--public-url <url>', 'the frontend API URL: token iss, publishable key host (LATCHKEY_PUBLIC_URL)')
      .action(
        action(ctx, async (options: ServeOptions) => {
          await runStart({ dev, env: envWithFlags(ctx.io.env, options), out: ctx.io.stdout });
          ctx.keepAlive = true;
        }),
      );
    examples(command, [`latchkey ${name}`, `latchkey ${name} --port 4500 --database-url sqlite:./data/latchkey.db`, `LATCHKEY_DATABASE_URL=postgres://… LATCHKEY_SECRET_KEY=sk_live_… latchkey ${name}`]);
  }
}
