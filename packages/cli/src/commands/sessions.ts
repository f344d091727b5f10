/** `latchkey sessions list|revoke|configure`. */
import type { SessionJson } from '@latchkey/backend';
import { Option, type Command } from 'commander';
import { action, examples, type CommandContext } from '../cli.js';
import { listOf } from '../lib/api.js';
import { formatTime, table } from '../lib/format.js';
import { ExitCode, usageError, type Output } from '../lib/io.js';
import { registerSessionsConfigure } from './sessions-configure.js';

const statuses = ['active', 'ended', 'removed', 'revoked', 'expired', 'abandoned', 'replaced'] as const;

export const positiveInt = (what: string, max = 500) => (text: string) => {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) throw usageError(`${what} must be a whole number from 1 to ${max} (got "${text}")`);
  return Number(text);
};

function printSessions(out: Output, sessions: SessionJson[]): void {
  if (sessions.length === 0) return out.line('No sessions.');
  const now = Date.now();
  const colour = (status: string) => (status === 'active' ? out.c.green(status) : out.c.dim(status));
  out.line(
    table(
      [
        ['id', 'user', 'status', 'last active', 'expires', 'device'],
        ...sessions.map((s) => {
          const a = s.latest_activity as { browser_name?: string | null; device_type?: string | null; ip_address?: string | null } | null;
          const device = a ? [a.browser_name, a.device_type, a.ip_address].filter(Boolean).join(', ') : '—';
          return [s.id, s.user_id, colour(s.status), formatTime(s.last_active_at, now), formatTime(s.expire_at, now), device || '—'];
        }),
      ],
      out.c.bold,
    ),
  );
}

export function registerSessions(program: Command, ctx: CommandContext): void {
  const sessions = program.command('sessions').description('List, revoke and configure sessions');
  examples(sessions, ['latchkey sessions list --user user_123', 'latchkey sessions revoke sess_abc', 'latchkey sessions configure']);

  const list = sessions
    .command('list')
    .description('List sessions, most recently active first')
    .option('-u, --user <user_id>', 'only this user\'s sessions')
    .option('--client <client_id>', 'only this browser\'s sessions')
    .addOption(new Option('-s, --status <status>', 'only sessions in this status').choices(statuses))
    .option('-n, --limit <n>', 'at most this many (1–500)', positiveInt('--limit'), 20)
    .action(
      action(ctx, async (o: { user?: string; client?: string; status?: (typeof statuses)[number]; limit: number }) => {
        const out = ctx.output();
        const api = ctx.connect();
        const found = listOf(await api.client.sessions.getSessionList({ user_id: o.user, client_id: o.client, status: o.status, limit: o.limit }));
        if (out.json) out.data(found);
        else printSessions(out, found);
        return ExitCode.Ok;
      }),
    );
  examples(list, ['latchkey sessions list', 'latchkey sessions list --user user_123 --status active', 'latchkey sessions list --json --limit 100']);

  const revoke = sessions
    .command('revoke')
    .description('Revoke sessions by id, or every active session of a user ("sign out everywhere")')
    .argument('[session_ids...]', 'sessions to revoke')
    .option('-u, --user <user_id>', 'revoke every active session of this user')
    .action(
      action(ctx, async (ids: string[], o: { user?: string }) => {
        const out = ctx.output();
        if (ids.length === 0 && !o.user) throw usageError('give session ids or --user <user_id>', 'nothing_to_revoke');
        const api = ctx.connect();
        const targets = [...ids];
        if (o.user) {
          const active = listOf(await api.client.sessions.getSessionList({ user_id: o.user, status: 'active', limit: 500 }));
          targets.push(...active.map((s) => s.id));
        }
        const revoked: SessionJson[] = [];
        for (const id of targets) {
          revoked.push(await api.client.sessions.revokeSession(id));
          if (!out.json) out.line(`${out.c.green('✔')} revoked ${id}`);
        }
        if (out.json) out.data(revoked);
        else if (targets.length === 0) out.line(`${o.user} has no active sessions.`);
        return ExitCode.Ok;
      }),
    );
  examples(revoke, ['latchkey sessions revoke sess_2x8…', 'latchkey sessions revoke sess_a sess_b --json', 'latchkey sessions revoke --user user_123']);

  registerSessionsConfigure(sessions, ctx);
}
