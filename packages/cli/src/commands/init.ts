/**
 * `latchkey init`: writes the keys an app needs into `.env` — publishable key,
 * secret key, API URL — reusing the secret key of an existing local server
 * (flag, env, or ./.latchkey/secret-key) or generating a new one.
 */
import { randomInt } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { createPublishableKey } from '@latchkey/backend';
import type { Command } from 'commander';
import { action, examples, type CommandContext } from '../cli.js';
import { connect } from '../lib/api.js';
import { maskSecret, table } from '../lib/format.js';
import { ExitCode, usageError } from '../lib/io.js';

interface InitOptions {
  publicUrl?: string;
  out: string;
  force?: boolean;
  showSecret?: boolean;
  live?: boolean;
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Same shape as the server's generated keys: `sk_test_` + 40 base62 characters. */
export function generateSecretKey(environment: 'test' | 'live'): string {
  let out = '';
  for (let i = 0; i < 40; i++) out += BASE62[randomInt(62)];
  return `sk_${environment}_${out}`;
}

export function registerInit(program: Command, ctx: CommandContext): void {
  const command = program
    .command('init')
    .description('Write LATCHKEY_PUBLISHABLE_KEY, LATCHKEY_SECRET_KEY and LATCHKEY_API_URL for an app into .env')
    .option('--public-url <url>', 'the frontend API URL the keys point at (default: LATCHKEY_PUBLIC_URL, else http://localhost:4400)')
    .option('-o, --out <file>', 'the env file to write (kept lines that are not Latchkey\'s)', '.env')
    .option('-f, --force', 'replace Latchkey variables that already have other values')
    .option('--live', 'generate an sk_live_ key instead of sk_test_')
    .option('--show-secret', 'print the secret key in full (it is masked otherwise)')
    .action(
      action(ctx, async (options: InitOptions) => {
        const out = ctx.output();
        const env = ctx.io.env;
        const publicUrlText = options.publicUrl ?? env.LATCHKEY_PUBLIC_URL ?? `http://localhost:${env.PORT ?? 4400}`;
        let publicUrl: URL;
        try {
          publicUrl = new URL(publicUrlText);
        } catch {
          throw usageError(`--public-url: "${publicUrlText}" is not a URL`, 'invalid_public_url');
        }
        let secretKey: string;
        let source: string;
        try {
          const existing = connect({ apiUrl: publicUrlText, secretKey: ctx.globals().secretKey }, ctx.io);
          secretKey = existing.secretKey;
          source = { flag: '--secret-key', env: 'LATCHKEY_SECRET_KEY', file: 'the local server (.latchkey/secret-key)' }[existing.secretKeySource];
        } catch {
          secretKey = generateSecretKey(options.live ? 'live' : 'test');
          source = 'generated';
        }
        const base = publicUrlText.replace(/\/+$/, '');
        const values: Record<string, string> = {
          LATCHKEY_PUBLIC_URL: base,
          LATCHKEY_API_URL: base,
          LATCHKEY_PUBLISHABLE_KEY: createPublishableKey(publicUrl.host + publicUrl.pathname.replace(/\/+$/, ''), 'live'),
          LATCHKEY_SECRET_KEY: secretKey,
        };

        const file = resolve(ctx.io.cwd, options.out);
        const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
        const current = parseEnv(before) as Record<string, string>;
        const conflicts = Object.keys(values).filter((k) => current[k] !== undefined && current[k] !== values[k]);
        if (conflicts.length > 0 && !options.force) {
          throw usageError(`${options.out} already sets ${conflicts.join(', ')} to other values; pass --force to replace them`, 'env_conflict');
        }
        const kept = before
          .split('\n')
          .filter((line) => !Object.keys(values).some((k) => new RegExp(`^\\s*(export\\s+)?${k}\\s*=`).test(line)) && line !== '# Latchkey (written by `latchkey init`)');
        while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
        const block = ['# Latchkey (written by `latchkey init`)', ...Object.entries(values).map(([k, v]) => `${k}=${v}`)];
        writeFileSync(file, `${[...kept, ...(kept.length ? [''] : []), ...block].join('\n')}\n`, { mode: 0o600 });
        chmodSync(file, 0o600);

        const shown = { ...values, LATCHKEY_SECRET_KEY: options.showSecret ? secretKey : maskSecret(secretKey) };
        if (out.json) {
          out.data({ file, secret_key_source: source, variables: shown });
          return ExitCode.Ok;
        }
        out.line(`${out.c.green('✔')} wrote ${file} (mode 600)`);
        out.line(table([['variable', 'value'], ...Object.entries(shown)], out.c.bold));
        out.line(out.c.dim(`secret key: ${source}${options.showSecret ? '' : ' (masked; --show-secret prints it)'}`));
        out.line(out.c.dim('Keep .env out of version control. `latchkey dev` in this folder reads it.'));
        return ExitCode.Ok;
      }),
    );
  examples(command, ['latchkey init', 'latchkey init --public-url https://auth.example.com --live --out .env.production', 'latchkey init --force --show-secret']);
}
