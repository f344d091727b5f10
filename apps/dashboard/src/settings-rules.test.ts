import { describe, expect, it } from 'vitest';
import { parseDuration } from './format.js';
import { changedSettings, parseDraft, toDraft } from './settings-rules.js';
import type { InstanceSettings } from './types.js';

const defaults: InstanceSettings = {
  session_max_lifetime_seconds: 604_800,
  inactivity_timeout_seconds: null,
  multi_session_mode: 'multi',
  max_sessions_per_client: 5,
  session_token_ttl_seconds: 60,
  clock_skew_seconds: 5,
  allowed_origins: [],
  cookie_same_site: 'lax',
  cookie_secure: null,
  cookie_domain: null,
  sign_in_url: '/sign-in',
  sign_up_url: '/sign-up',
  signing_algorithm: 'RS256',
};

describe('session settings rules (as latchkey sessions configure)', () => {
  it('reads the CLI duration syntax, plain numbers as seconds', () => {
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('30m')).toBe(1800);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('2w')).toBe(1_209_600);
    expect(parseDuration('7 days')).toBeNull();
    expect(parseDuration('h')).toBeNull();
    expect(parseDuration('')).toBeNull();
  });

  it('round-trips the current settings with no changes', () => {
    const { values, problems } = parseDraft(toDraft(defaults));
    expect(problems).toEqual({});
    expect(changedSettings(defaults, values)).toEqual({});
  });

  it('sends only what changed', () => {
    const { values, problems } = parseDraft({ ...toDraft(defaults), session_max_lifetime_seconds: '2h', inactivity_timeout_seconds: '30m' });
    expect(problems).toEqual({});
    expect(changedSettings(defaults, values)).toEqual({ session_max_lifetime_seconds: 7200, inactivity_timeout_seconds: 1800 });
  });

  it('refuses out-of-range values with the CLI messages', () => {
    const { problems } = parseDraft({ ...toDraft(defaults), session_max_lifetime_seconds: '30s', session_token_ttl_seconds: '2h', clock_skew_seconds: '10m', max_sessions_per_client: '51' });
    expect(problems.session_max_lifetime_seconds).toBe('Maximum session lifetime must be between 1m and 3650d (got 30s)');
    expect(problems.session_token_ttl_seconds).toMatch(/between 30s and 1h/);
    expect(problems.clock_skew_seconds).toMatch(/between 0s and 5m/);
    expect(problems.max_sessions_per_client).toMatch(/between 1 and 50/);
  });

  it('refuses what is not a duration, a number or a domain', () => {
    const { problems } = parseDraft({ ...toDraft(defaults), session_max_lifetime_seconds: 'forever', max_sessions_per_client: '2.5', cookie_domain: 'exa mple.com' });
    expect(problems.session_max_lifetime_seconds).toMatch(/is not a duration/);
    expect(problems.max_sessions_per_client).toMatch(/whole number/);
    expect(problems.cookie_domain).toMatch(/not a domain name/);
  });

  it('applies the cross-field rules: SameSite=None needs Secure; inactivity within the lifetime', () => {
    const { problems } = parseDraft({ ...toDraft(defaults), cookie_same_site: 'none', cookie_secure: 'false', session_max_lifetime_seconds: '1h', inactivity_timeout_seconds: '2h' });
    expect(problems.cookie_secure).toMatch(/SameSite=None cookies must be Secure/);
    expect(problems.inactivity_timeout_seconds).toMatch(/cannot be longer than the maximum lifetime/);
  });

  it('takes allowed origins one per line and refuses paths', () => {
    const ok = parseDraft({ ...toDraft(defaults), allowed_origins: 'https://app.example.com\nhttp://localhost:5173/' });
    expect(ok.values.allowed_origins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    const bad = parseDraft({ ...toDraft(defaults), allowed_origins: 'https://app.example.com/path' });
    expect(bad.problems.allowed_origins).toMatch(/origin only/);
  });
});
