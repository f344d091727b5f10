/** `latchkey keys list|rotate`: the instance's signing keys (public parts only; private keys never leave the server). */
import { Option, type Command } from 'commander';
import { action, examples, type CommandContext } from '../cli.js';
import { formatTime, table } from '../lib/format.js';

export interface SigningKeyJson {
  object: 'signing_key';
  kid: string;
  algorithm: string;
  status: string;
  public_jwk: Record<string, unknown>;
  created_at: number;
  activate_at: number | null;
  retired_at: number | null;
  expires_at: number | null;
}

export function registerKeys(program: Command, ctx: CommandContext): void {
  const keys = program.command('keys').description('List and rotate the signing keys');
  examples(keys, ['latchkey keys list', 'latchkey keys rotate']);

  const list = keys
    .command('list')
    .description('List signing keys and where each is in its lifecycle (published, signing, retired)')
    .action(
      action(ctx, async () => {
        const out = ctx.output();
        const found = await ctx.connect().request<SigningKeyJson[]>('GET', '/signing_keys');
        if (out.json) return void out.data(found);
        const now = Date.now();
        const colour = (s: string) => (s === 'active' ? out.c.green(s) : s === 'retired' ? out.c.dim(s) : out.c.yellow(s));
        out.line(
          table(
            [
              ['kid', 'algorithm', 'status', 'created', 'signs from', 'retired', 'unpublished after'],
              ...found.map((k) => [k.kid, k.algorithm, colour(k.status), formatTime(k.created_at, now), formatTime(k.activate_at, now), formatTime(k.retired_at, now), formatTime(k.expires_at, now)]),
            ],
            out.c.bold,
          ),
        );
      }),
    );
  examples(list, ['latchkey keys list', 'latchkey keys list --json']);

  const rotate = keys
    .command('rotate')
    .description('Add a new signing key: published in the JWKS now, signing after the publish delay; the old key stays published until its tokens expire')
    .addOption(new Option('-a, --algorithm <alg>', 'algorithm of the new key (default: the instance setting)').choices(['RS256', 'ES256', 'EdDSA']))
    .option('--immediate', 'sign with the new key at once (for a compromised key: apps with a cached JWKS may reject new tokens until they refetch)')
    .action(
      action(ctx, async (o: { algorithm?: string; immediate?: boolean }) => {
        const out = ctx.output();
        const key = await ctx.connect().request<SigningKeyJson>('POST', '/signing_keys/rotate', { ...(o.algorithm ? { algorithm: o.algorithm } : {}), ...(o.immediate ? { immediate: true } : {}) });
        if (out.json) return void out.data(key);
        out.line(`${out.c.green('✔')} new ${key.algorithm} key ${key.kid}: published now, signs ${key.activate_at && key.activate_at > Date.now() ? `from ${formatTime(key.activate_at)}` : 'now'}`);
        if (o.immediate) out.line(out.c.yellow('! signing at once: apps whose JWKS cache predates this key refetch it on the unknown kid'));
      }),
    );
  examples(rotate, ['latchkey keys rotate', 'latchkey keys rotate --algorithm ES256', 'latchkey keys rotate --immediate --json   # the old key is compromised']);
}
