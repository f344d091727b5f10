/**
 * `latchkey sessions configure`: change the session settings with flags (for
 * scripts) or prompts (in a terminal), validated, shown as a before/after
 * table, and applied through `PATCH /v1/instance` (audited by the server).
 */
import { confirm, input, select } from '@inquirer/prompts';
import type { Command } from 'commander';
import { LatchkeyApiError } from '@latchkey/backend/errors';
import { action, examples, type CommandContext } from '../cli.js';
import { table } from '../lib/format.js';
import { CliError, ExitCode, usageError, type CliIo, type Output } from '../lib/io.js';
import { pickSessionSettings, settingSpecs, settingWarnings, validateSettings, type SessionSettings, type SettingKey } from '../lib/settings.js';

interface ConfigureOptions {
  yes?: boolean;
  dryRun?: boolean;
  interactive?: boolean;
  [option: string]: unknown;
}

/** Prompts for every setting, current values as defaults; in multi mode only, the per-browser cap. */
async function promptSettings(current: SessionSettings, io: CliIo): Promise<Partial<SessionSettings>> {
  const context = { input: io.stdin, output: io.stdout, clearPromptOnDone: false };
  const next: Record<string, unknown> = {};
  const value = <K extends SettingKey>(key: K): SessionSettings[K] => (key in next ? next[key] : current[key]) as SessionSettings[K];
  for (const spec of settingSpecs) {
    if (spec.key === 'max_sessions_per_client' && value('multi_session_mode') !== 'multi') continue;
    const shown = spec.edit(current[spec.key] as never);
    let answer: string;
    if (spec.choices) {
      answer = await select({ message: `${spec.label}:`, default: shown, choices: spec.choices.map((c) => ({ value: c, name: c === shown ? `${c} (current)` : c })) }, context);
    } else {
      answer = await input(
        {
          message: `${spec.label} (${spec.help}):`,
          default: shown,
          validate: (text) => {
            try {
              spec.parse(text);
              return true;
            } catch (error) {
              return (error as Error).message;
            }
          },
        },
        context,
      );
    }
    next[spec.key] = spec.parse(answer);
  }
  return next as Partial<SessionSettings>;
}

function showDiff(out: Output, before: SessionSettings, after: SessionSettings, changed: Set<SettingKey>): void {
  const rows = settingSpecs.map((spec) => {
    const b = spec.show(before[spec.key] as never);
    const a = spec.show(after[spec.key] as never);
    return changed.has(spec.key) ? [out.c.yellow(`* ${spec.label}`), b, out.c.green(a)] : [`  ${spec.label}`, b, out.c.dim(a)];
  });
  out.line(table([['  setting', 'before', 'after'], ...rows], out.c.bold));
}

export function registerSessionsConfigure(sessions: Command, ctx: CommandContext): void {
  const command = sessions
    .command('configure')
    .description('Change session lifetime, inactivity timeout, single/multi-session, token lifetime and cookie policy')
    .option('-y, --yes', 'apply without asking for confirmation')
    .option('--dry-run', 'validate and show the before/after table, change nothing')
    .option('-i, --interactive', 'prompt for every setting even when flags are given or stdin is not a terminal');
  for (const spec of settingSpecs) command.option(spec.flag, spec.help);
  command.action(
    action(ctx, async (options: ConfigureOptions) => {
      const out = ctx.output();
      const api = ctx.connect();
      // Parse flags before any network call: a typo is a usage error (exit 2).
      const fromFlags: Record<string, unknown> = {};
      for (const spec of settingSpecs) {
        const raw = options[spec.option];
        if (typeof raw === 'string') fromFlags[spec.key] = spec.parse(raw);
      }
      const interactive = options.interactive === true || (Object.keys(fromFlags).length === 0 && ctx.io.stdin.isTTY === true);
      if (!interactive && Object.keys(fromFlags).length === 0) {
        throw usageError('nothing to change: pass setting flags (see latchkey sessions configure --help), or run it in a terminal to be asked', 'nothing_to_change');
      }
      if (interactive && out.json) throw usageError('--json needs setting flags; prompts are for terminals', 'json_needs_flags');

      const before = pickSessionSettings(await api.request<Record<string, unknown>>('GET', '/instance'));
      const patch = interactive ? await promptSettings({ ...before, ...fromFlags } as SessionSettings, ctx.io) : (fromFlags as Partial<SessionSettings>);
      const after = { ...before, ...patch } as SessionSettings;
      const changed = new Set(settingSpecs.map((s) => s.key).filter((k) => after[k] !== before[k]));
      const problems = validateSettings(after);
      const warnings = settingWarnings(after, changed);

      if (problems.length > 0) {
        if (out.json) out.data({ ok: false, errors: problems.map((message) => ({ code: 'invalid_settings', message })), before, after });
        else {
          showDiff(out, before, after, changed);
          for (const p of problems) out.error(`${out.c.red('✖')} ${p}`);
        }
        return ExitCode.Usage;
      }
      const changes = Object.fromEntries([...changed].map((k) => [k, after[k]]));
      if (!out.json) {
        showDiff(out, before, after, changed);
        for (const w of warnings) out.line(`${out.c.yellow('!')} ${w}`);
      }
      if (changed.size === 0 || options.dryRun) {
        if (out.json) out.data({ ok: true, applied: false, dry_run: options.dryRun === true, before, after, changed: [...changed], warnings });
        else out.line(changed.size === 0 ? 'Nothing changed.' : 'Dry run: nothing was changed.');
        return ExitCode.Ok;
      }
      if (interactive && !options.yes) {
        const ok = await confirm({ message: `Apply ${changed.size} change${changed.size === 1 ? '' : 's'}?`, default: true }, { input: ctx.io.stdin, output: ctx.io.stdout, clearPromptOnDone: false });
        if (!ok) {
          out.line('Cancelled: nothing was changed.');
          return ExitCode.Failed;
        }
      }
      let applied: SessionSettings;
      try {
        applied = pickSessionSettings(await api.request<Record<string, unknown>>('PATCH', '/instance', changes));
      } catch (error) {
        // The server validates too (it is the authority); its refusal is still a usage problem.
        if (error instanceof LatchkeyApiError && error.errors[0]?.code === 'invalid_settings') {
          throw new CliError('invalid_settings', `the server refused the settings: ${error.errors[0].long_message ?? error.errors[0].message}`, ExitCode.Usage);
        }
        throw error;
      }
      if (out.json) out.data({ ok: true, applied: true, before, after: applied, changed: [...changed], warnings });
      else out.line(`${out.c.green('✔')} applied ${changed.size} change${changed.size === 1 ? '' : 's'} (audited; GET /v1/instance/audit)`);
      return ExitCode.Ok;
    }),
  );
  examples(command, [
    'latchkey sessions configure                       # asks, in a terminal',
    'latchkey sessions configure --max-lifetime 30d --inactivity-timeout 2h --yes',
    'latchkey sessions configure --mode single',
    'latchkey sessions configure --same-site none --secure true --cookie-domain example.com',
    'latchkey sessions configure --token-ttl 2m --dry-run --json',
  ]);
}
