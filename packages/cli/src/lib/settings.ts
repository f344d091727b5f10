/**
 * The session settings `latchkey sessions configure` edits: their flags,
 * prompts, parsing, display, and the same validation the server applies
 * (so mistakes are caught before anything is sent, with exit code 2).
 */
import { formatDuration, parseDuration } from './format.js';
import { usageError } from './io.js';

/** The instance settings on the wire (`GET /v1/instance`), the part the CLI edits. */
export interface SessionSettings {
  session_max_lifetime_seconds: number;
  inactivity_timeout_seconds: number | null;
  multi_session_mode: 'single' | 'multi';
  max_sessions_per_client: number;
  session_token_ttl_seconds: number;
  clock_skew_seconds: number;
  cookie_same_site: 'lax' | 'strict' | 'none';
  cookie_secure: boolean | null;
  cookie_domain: string | null;
}

export type SettingKey = keyof SessionSettings;

export interface SettingSpec<K extends SettingKey = SettingKey> {
  key: K;
  /** The commander flag, e.g. `--max-lifetime <duration>`. */
  flag: string;
  /** The camelCase property commander gives the flag. */
  option: string;
  label: string;
  help: string;
  parse(text: string): SessionSettings[K];
  show(value: SessionSettings[K]): string;
  /** Text shown as the prompt's default for a value. */
  edit(value: SessionSettings[K]): string;
  choices?: readonly string[];
}

const int = (what: string, min: number, max: number) => (n: number) => {
  if (!Number.isInteger(n) || n < min || n > max) throw usageError(`${what} must be between ${formatDuration(min)} and ${formatDuration(max)} (got ${formatDuration(n)})`, 'invalid_settings');
  return n;
};
const choice = <T extends string>(what: string, options: readonly T[]) => (text: string): T => {
  const value = text.trim().toLowerCase() as T;
  if (!options.includes(value)) throw usageError(`${what} must be one of ${options.join(', ')} (got "${text}")`, 'invalid_settings');
  return value;
};
const duration = (what: string, min: number, max: number) => (text: string) => int(what, min, max)(parseDuration(text, what));

export const settingSpecs: SettingSpec[] = [
  {
    key: 'session_max_lifetime_seconds', flag: '--max-lifetime <duration>', option: 'maxLifetime', label: 'Maximum session lifetime',
    help: 'absolute session lifetime, e.g. 7d, 12h (60s – 10y)', parse: duration('--max-lifetime', 60, 10 * 365 * 86_400), show: formatDuration, edit: formatDuration,
  },
  {
    key: 'inactivity_timeout_seconds', flag: '--inactivity-timeout <duration|off>', option: 'inactivityTimeout', label: 'Inactivity timeout',
    help: 'end a session after this long without activity, or "off"',
    parse: (t) => (['off', 'none', 'null', '0'].includes(t.trim().toLowerCase()) ? null : duration('--inactivity-timeout', 60, 10 * 365 * 86_400)(t)),
    show: (v) => formatDuration(v as number | null), edit: (v) => formatDuration(v as number | null),
  },
  {
    key: 'multi_session_mode', flag: '--mode <single|multi>', option: 'mode', label: 'Session mode', choices: ['single', 'multi'],
    help: 'multi: several accounts per browser; single: a new sign-in replaces the session', parse: choice('--mode', ['single', 'multi'] as const), show: String, edit: String,
  },
  {
    key: 'max_sessions_per_client', flag: '--max-sessions <n>', option: 'maxSessions', label: 'Sessions per browser (multi mode)',
    help: 'active sessions one browser may hold in multi mode (1–50)',
    parse: (t) => {
      if (!/^\d+$/.test(t.trim())) throw usageError(`--max-sessions must be a whole number (got "${t}")`, 'invalid_settings');
      const n = Number(t);
      if (n < 1 || n > 50) throw usageError(`--max-sessions must be between 1 and 50 (got ${n})`, 'invalid_settings');
      return n;
    },
    show: String, edit: String,
  },
  {
    key: 'session_token_ttl_seconds', flag: '--token-ttl <duration>', option: 'tokenTtl', label: 'Session token lifetime',
    help: 'lifetime of session JWTs (30s – 1h)', parse: duration('--token-ttl', 30, 3600), show: formatDuration, edit: formatDuration,
  },
  {
    key: 'clock_skew_seconds', flag: '--clock-skew <duration>', option: 'clockSkew', label: 'Allowed clock skew',
    help: 'tolerated clock difference, also how far nbf is back-dated (0 – 5m)', parse: duration('--clock-skew', 0, 300), show: formatDuration, edit: formatDuration,
  },
  {
    key: 'cookie_same_site', flag: '--same-site <lax|strict|none>', option: 'sameSite', label: 'Cookie SameSite', choices: ['lax', 'strict', 'none'],
    help: 'SameSite of the __client cookie (none requires Secure)', parse: choice('--same-site', ['lax', 'strict', 'none'] as const), show: String, edit: String,
  },
  {
    key: 'cookie_secure', flag: '--secure <auto|true|false>', option: 'secure', label: 'Cookie Secure', choices: ['auto', 'true', 'false'],
    help: 'auto: Secure exactly when the public URL is https',
    parse: (t) => ({ auto: null, true: true, false: false })[choice('--secure', ['auto', 'true', 'false'] as const)(t)],
    show: (v) => (v === null ? 'auto' : String(v)), edit: (v) => (v === null ? 'auto' : String(v)),
  },
  {
    key: 'cookie_domain', flag: '--cookie-domain <domain|none>', option: 'cookieDomain', label: 'Cookie domain',
    help: 'Domain attribute for cookies the app reads (e.g. example.com), or "none" for host-only',
    parse: (t) => {
      const v = t.trim().toLowerCase();
      if (v === 'none' || v === '' || v === 'null') return null;
      if (v.length > 253 || !/^\.?[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(v)) throw usageError(`--cookie-domain: "${t}" is not a domain name`, 'invalid_settings');
      return v;
    },
    show: (v) => (v === null ? 'none (host-only)' : String(v)), edit: (v) => (v === null ? 'none' : String(v)),
  },
] as SettingSpec[];

/** Cross-field rules (ranges are checked when each value is parsed). Returns problems, empty when valid. */
export function validateSettings(s: SessionSettings): string[] {
  const problems: string[] = [];
  if (s.cookie_same_site === 'none' && s.cookie_secure === false) {
    problems.push('SameSite=None cookies must be Secure: browsers reject them otherwise (use --secure true or auto with an https public URL)');
  }
  if (s.inactivity_timeout_seconds !== null && s.inactivity_timeout_seconds > s.session_max_lifetime_seconds) {
    problems.push(`the inactivity timeout (${formatDuration(s.inactivity_timeout_seconds)}) cannot be longer than the maximum lifetime (${formatDuration(s.session_max_lifetime_seconds)})`);
  }
  return problems;
}

/** Advice that is not an error: shown under the table. */
export function settingWarnings(s: SessionSettings, changed: Set<SettingKey>): string[] {
  const warnings: string[] = [];
  if (s.cookie_same_site === 'none' && s.cookie_secure === null) {
    warnings.push('SameSite=None with Secure "auto": on an http public URL the cookies are not Secure and browsers will drop them');
  }
  if (s.multi_session_mode === 'single' && changed.has('max_sessions_per_client')) {
    warnings.push('sessions per browser only applies in multi mode');
  }
  if (s.session_token_ttl_seconds > 300) warnings.push('session tokens live longer than 5 minutes: a revoked session keeps working until its token expires');
  return warnings;
}

export const pickSessionSettings = (instance: Record<string, unknown>): SessionSettings =>
  Object.fromEntries(settingSpecs.map((s) => [s.key, instance[s.key]])) as unknown as SessionSettings;
