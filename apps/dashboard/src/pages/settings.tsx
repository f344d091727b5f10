import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, qs } from '../api.js';
import { Card, ErrorNote, Field, Load, Notice, PageHeader } from '../components.js';
import { DataTable, type Column } from '../data-table.js';
import { formatDuration, formatTime, parseDuration } from '../format.js';
import { Options } from '../form-fields.js';
import { useAction, useApi } from '../hooks.js';
import { changedSettings, parseDraft, toDraft, type SettingsDraft } from '../settings-rules.js';
import type { InstanceSettings, SettingsChange } from '../types.js';

type FieldSpec = { key: string; label: string; hint: ReactNode; kind: 'duration' | 'text' | 'number' | 'lines' | { choices: string[] } };

const FIELDS: FieldSpec[] = [
  { key: 'session_max_lifetime_seconds', label: 'Maximum session lifetime', hint: 'Absolute lifetime of a session, e.g. 7d, 12h (60s – 10 years). New sessions get it.', kind: 'duration' },
  { key: 'inactivity_timeout_seconds', label: 'Inactivity timeout', hint: 'End a session after this long without activity, or "off".', kind: 'duration' },
  { key: 'multi_session_mode', label: 'Session mode', hint: 'multi: several accounts per browser; single: a new sign-in replaces the session.', kind: { choices: ['multi', 'single'] } },
  { key: 'max_sessions_per_client', label: 'Sessions per browser (multi mode)', hint: 'Active sessions one browser may hold (1–50).', kind: 'number' },
  { key: 'session_token_ttl_seconds', label: 'Session token lifetime', hint: 'Lifetime of session JWTs (30s – 1h).', kind: 'duration' },
  { key: 'clock_skew_seconds', label: 'Allowed clock skew', hint: 'Tolerated clock difference; also how far nbf is back-dated (0 – 5m).', kind: 'duration' },
  { key: 'cookie_same_site', label: 'Cookie SameSite', hint: 'SameSite of the __client cookie (none requires Secure).', kind: { choices: ['lax', 'strict', 'none'] } },
  { key: 'cookie_secure', label: 'Cookie Secure', hint: 'auto: Secure exactly when the public URL is https.', kind: { choices: ['auto', 'true', 'false'] } },
  { key: 'cookie_domain', label: 'Cookie domain', hint: 'Domain attribute for cookies the app reads (e.g. example.com); empty for host-only.', kind: 'text' },
  { key: 'allowed_origins', label: 'Extra allowed origins', hint: 'One origin per line (CORS, azp, redirects), beyond LATCHKEY_ALLOWED_ORIGINS.', kind: 'lines' },
  { key: 'sign_in_url', label: 'Sign-in URL', hint: 'Where signed-out page requests go.', kind: 'text' },
  { key: 'sign_up_url', label: 'Sign-up URL', hint: 'Where the sign-in page links for new accounts.', kind: 'text' },
  { key: 'signing_algorithm', label: 'Signing algorithm', hint: 'For newly generated signing keys (rotate to use it).', kind: { choices: ['RS256', 'ES256', 'EdDSA'] } },
];

export function SettingsPage() {
  const settings = useApi<InstanceSettings>('/instance');
  const [auditTick, setAuditTick] = useState(0);
  return (
    <section>
      <PageHeader title="Session settings" subtitle="The same settings and rules as latchkey sessions configure; applied without a restart and audited." />
      <Load resource={settings} what="Loading settings">
        {(s) => <SettingsForm settings={s} onSaved={() => (settings.reload(), setAuditTick((t) => t + 1))} />}
      </Load>
      <AuditLog key={auditTick} />
    </section>
  );
}

function SettingsForm({ settings, onSaved }: { settings: InstanceSettings; onSaved: () => void }) {
  const [draft, setDraft] = useState<SettingsDraft>(() => toDraft(settings));
  useEffect(() => setDraft(toDraft(settings)), [settings]);
  const [serverProblem, setServerProblem] = useState<{ field?: string; message: string }>();
  const [notice, setNotice] = useState('');
  const action = useAction();
  const { values, problems } = parseDraft(draft);
  const changes = changedSettings(settings, values);
  const hasProblems = Object.keys(problems).length > 0;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setNotice('');
    setServerProblem(undefined);
    if (hasProblems || Object.keys(changes).length === 0) return;
    const saved = await action.run(() => api<InstanceSettings>('/instance', { method: 'PATCH', body: changes }));
    if (saved) {
      setNotice(`Saved: ${Object.keys(changes).join(', ')}.`);
      onSaved();
    }
  };
  useEffect(() => {
    if (action.error) setServerProblem({ field: action.error.paramName?.replace(/\..*$/, ''), message: action.error.message });
  }, [action.error]);
  return (
    <form className="card settings" onSubmit={submit} noValidate aria-label="Session settings">
      <div className="grid-2">
        {FIELDS.map((f) => {
          const text = draft[f.key] ?? '';
          const error = problems[f.key] ?? (serverProblem?.field === f.key ? serverProblem.message : undefined);
          const seconds = f.kind === 'duration' ? parseDuration(text) : null;
          const hint = (
            <>
              {f.hint}
              {seconds !== null && text.trim() !== '' ? ` = ${formatDuration(seconds)}` : ''}
            </>
          );
          return (
            <Field key={f.key} label={f.label} hint={hint} error={error}>
              {(id, describedBy) =>
                typeof f.kind === 'object' ? (
                  <select id={id} aria-describedby={describedBy} value={text} onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}>
                    <Options choices={f.kind.choices} />
                  </select>
                ) : f.kind === 'lines' ? (
                  <textarea id={id} rows={3} aria-describedby={describedBy} aria-invalid={error ? true : undefined} value={text} onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })} />
                ) : (
                  <input
                    id={id}
                    name={f.key}
                    aria-describedby={describedBy}
                    aria-invalid={error ? true : undefined}
                    inputMode={f.kind === 'number' ? 'numeric' : undefined}
                    value={text}
                    onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
                  />
                )
              }
            </Field>
          );
        })}
      </div>
      {serverProblem && !FIELDS.some((f) => f.key === serverProblem.field) ? <ErrorNote error={action.error!} /> : null}
      <Notice>{notice}</Notice>
      <div className="actions">
        <button type="submit" className="button primary" disabled={action.busy || hasProblems || Object.keys(changes).length === 0}>
          {action.busy ? 'Saving…' : Object.keys(changes).length ? `Save ${Object.keys(changes).length} change${Object.keys(changes).length === 1 ? '' : 's'}` : 'No changes'}
        </button>
        <button type="button" className="button ghost" onClick={() => (setDraft(toDraft(settings)), setServerProblem(undefined))}>
          Reset
        </button>
      </div>
    </form>
  );
}

/** `sessionMaxLifetimeSeconds` → `session_max_lifetime_seconds`, as the settings are spelt everywhere else. */
const snakeCase = (key: string) => key.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);

const AUDIT_COLUMNS: Column<SettingsChange>[] = [
  { header: 'When', cell: (c) => formatTime(c.changed_at) },
  { header: 'Who', cell: (c) => <code>{c.actor}</code> },
  {
    header: 'What',
    cell: (c) =>
      Object.keys(c.after)
        .filter((k) => JSON.stringify(c.before[k]) !== JSON.stringify(c.after[k]))
        .map((k) => (
          <div key={k}>
            <code>{snakeCase(k)}</code>: {JSON.stringify(c.before[k])} → {JSON.stringify(c.after[k])}
          </div>
        )),
  },
];

function AuditLog() {
  const audit = useApi<SettingsChange[]>(`/instance/audit${qs({ limit: 20 })}`);
  return (
    <Card title="Recent changes">
      <Load resource={audit} what="Loading the audit log" isEmpty={(d) => d.length === 0} empty="No changes yet: the defaults apply.">
        {(list) => <DataTable rows={list} columns={AUDIT_COLUMNS} rowKey={(c) => c.id} />}
      </Load>
    </Card>
  );
}
