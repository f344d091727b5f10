/**
 * The session settings as `latchkey sessions configure` edits them: the
 * same fields, duration syntax, ranges and cross-field rules (copied from
 * packages/cli/src/lib/settings.ts, which the CLI does not export). The
 * server validates PATCH /v1/instance again and is the authority; these only
 * catch mistakes before a request is sent.
 */
import { formatDuration, parseDuration } from './format.js';
import type { InstanceSettings } from './types.js';

const TEN_YEARS = 10 * 365 * 86_400;

export type SettingsDraft = Record<string, string>;
export type ParsedSettings = Partial<InstanceSettings>;

const durationIn = (text: string, what: string, min: number, max: number): number => {
  const n = parseDuration(text);
  if (n === null) throw new Error(`${what}: "${text}" is not a duration (examples: 90, 90s, 30m, 12h, 7d, 1h30m)`);
  if (n < min || n > max) throw new Error(`${what} must be between ${formatDuration(min)} and ${formatDuration(max)} (got ${formatDuration(n)})`);
  return n;
};

/** Text fields shown in the form, from the settings. */
export function toDraft(s: InstanceSettings): SettingsDraft {
  return {
    session_max_lifetime_seconds: formatDuration(s.session_max_lifetime_seconds).replace(/ /g, ''),
    inactivity_timeout_seconds: s.inactivity_timeout_seconds === null ? 'off' : formatDuration(s.inactivity_timeout_seconds).replace(/ /g, ''),
    multi_session_mode: s.multi_session_mode,
    max_sessions_per_client: String(s.max_sessions_per_client),
    session_token_ttl_seconds: formatDuration(s.session_token_ttl_seconds).replace(/ /g, ''),
    clock_skew_seconds: formatDuration(s.clock_skew_seconds).replace(/ /g, ''),
    cookie_same_site: s.cookie_same_site,
    cookie_secure: s.cookie_secure === null ? 'auto' : String(s.cookie_secure),
    cookie_domain: s.cookie_domain ?? '',
    allowed_origins: s.allowed_origins.join('\n'),
    sign_in_url: s.sign_in_url,
    sign_up_url: s.sign_up_url,
    signing_algorithm: s.signing_algorithm,
  };
}

/** Parses each field; returns the values and a problem per field name (empty when valid). */
export function parseDraft(d: SettingsDraft): { values: ParsedSettings; problems: Record<string, string> } {
  const values: ParsedSettings = {};
  const problems: Record<string, string> = {};
  const field = (key: keyof InstanceSettings, parse: () => unknown) => {
    try {
      (values as Record<string, unknown>)[key] = parse();
    } catch (error) {
      problems[key] = (error as Error).message;
    }
  };
  field('session_max_lifetime_seconds', () => durationIn(d.session_max_lifetime_seconds ?? '', 'Maximum session lifetime', 60, TEN_YEARS));
  field('inactivity_timeout_seconds', () => {
    const t = (d.inactivity_timeout_seconds ?? '').trim().toLowerCase();
    return ['off', 'none', 'null', '0', ''].includes(t) ? null : durationIn(t, 'Inactivity timeout', 60, TEN_YEARS);
  });
  field('multi_session_mode', () => {
    if (d.multi_session_mode !== 'single' && d.multi_session_mode !== 'multi') throw new Error('Session mode must be single or multi');
    return d.multi_session_mode;
  });
  field('max_sessions_per_client', () => {
    const t = (d.max_sessions_per_client ?? '').trim();
    if (!/^\d+$/.test(t)) throw new Error(`Sessions per browser must be a whole number (got "${t}")`);
    const n = Number(t);
    if (n < 1 || n > 50) throw new Error(`Sessions per browser must be between 1 and 50 (got ${n})`);
    return n;
  });
  field('session_token_ttl_seconds', () => durationIn(d.session_token_ttl_seconds ?? '', 'Session token lifetime', 30, 3600));
  field('clock_skew_seconds', () => durationIn(d.clock_skew_seconds ?? '', 'Allowed clock skew', 0, 300));
  field('cookie_same_site', () => {
    const v = d.cookie_same_site;
    if (v !== 'lax' && v !== 'strict' && v !== 'none') throw new Error('Cookie SameSite must be lax, strict or none');
    return v;
  });
  field('cookie_secure', () => ({ auto: null, true: true, false: false })[d.cookie_secure as 'auto' | 'true' | 'false'] ?? null);
  field('cookie_domain', () => {
    const v = (d.cookie_domain ?? '').trim().toLowerCase();
    if (v === '' || v === 'none') return null;
    if (v.length > 253 || !/^\.?[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(v)) throw new Error(`"${v}" is not a domain name`);
    return v;
  });
  field('allowed_origins', () => {
    const list = (d.allowed_origins ?? '').split(/[\n,]/).map((o) => o.trim()).filter(Boolean);
    for (const origin of list) {
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        throw new Error(`"${origin}" is not a URL`);
      }
      if (url.origin !== origin.replace(/\/$/, '')) throw new Error(`"${origin}" must be an origin only (scheme, host and port)`);
    }
    return list.map((o) => o.replace(/\/$/, ''));
  });
  field('sign_in_url', () => requireText(d.sign_in_url, 'Sign-in URL'));
  field('sign_up_url', () => requireText(d.sign_up_url, 'Sign-up URL'));
  field('signing_algorithm', () => {
    const v = d.signing_algorithm;
    if (v !== 'RS256' && v !== 'ES256' && v !== 'EdDSA') throw new Error('Signing algorithm must be RS256, ES256 or EdDSA');
    return v;
  });

  // Cross-field rules, as the CLI and the server check them.
  if (values.cookie_same_site === 'none' && values.cookie_secure === false) {
    problems.cookie_secure ??= 'SameSite=None cookies must be Secure: browsers reject them otherwise (choose Secure: true, or auto with an https public URL)';
  }
  if (values.inactivity_timeout_seconds != null && values.session_max_lifetime_seconds !== undefined && values.inactivity_timeout_seconds > values.session_max_lifetime_seconds) {
    problems.inactivity_timeout_seconds ??= `The inactivity timeout (${formatDuration(values.inactivity_timeout_seconds)}) cannot be longer than the maximum lifetime (${formatDuration(values.session_max_lifetime_seconds)})`;
  }
  return { values, problems };
}

function requireText(text: string | undefined, what: string): string {
  const v = (text ?? '').trim();
  if (!v || v.length > 2048) throw new Error(`${what} is required (at most 2048 characters)`);
  return v;
}

/** Only what changed, for PATCH /v1/instance. */
export function changedSettings(before: InstanceSettings, after: ParsedSettings): ParsedSettings {
  const out: ParsedSettings = {};
  for (const [key, value] of Object.entries(after)) {
    if (JSON.stringify(value) !== JSON.stringify((before as unknown as Record<string, unknown>)[key])) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}
