import { useEffect, useState, type FormEvent } from 'react';
import { api, qs } from '../api.js';
import { ConfirmButton, Empty, ErrorNote, JsonField, Load, Loading, Notice, PageHeader, jsonProblem, pretty } from '../components.js';
import { formatDuration, formatTime } from '../format.js';
import { href, navigate, toFailure, useAction, useApi, useDebounced } from '../hooks.js';
import { decodeJwt, type DecodedJwt } from '../jwt.js';
import { emailOf, type JwtTemplate, type Paginated, type Session, type User } from '../types.js';
import type { ApiFailure } from '../api.js';

const SHORTCODES = ['{{user.id}}', '{{user.primary_email_address}}', '{{user.public_metadata}}', '{{user.public_metadata.role}}', '{{session.id}}', '{{org.id}}', '{{org.slug}}', '{{org_membership.role}}', '{{org_membership.permissions}}'];

export function JwtTemplatesPage({ templateId }: { templateId?: string }) {
  return templateId ? <TemplateEditor templateId={templateId} /> : <TemplateList />;
}

function TemplateList() {
  const templates = useApi<JwtTemplate[]>(`/jwt_templates${qs({ limit: 100 })}`);
  return (
    <section>
      <PageHeader title="JWT templates" subtitle="Custom tokens for other services: getToken({ template: name })." />
      <CreateTemplate />
      <Load resource={templates} what="Loading templates" isEmpty={(d) => d.length === 0} empty="No templates yet. Create one above.">
        {(list) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Lifetime</th>
                  <th scope="col" className="hide-narrow">Signed with</th>
                  <th scope="col" className="hide-narrow">Updated</th>
                </tr>
              </thead>
              <tbody>
                {list.map((t) => (
                  <tr key={t.id}>
                    <td>
                      <a href={href(`/jwt-templates/${t.id}`)}>{t.name}</a>
                    </td>
                    <td>{formatDuration(t.lifetime)}</td>
                    <td className="hide-narrow">
                      {t.signing_algorithm} {t.custom_signing_key ? '(own key)' : '(instance keys)'}
                    </td>
                    <td className="hide-narrow">{formatTime(t.updated_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Load>
    </section>
  );
}

function CreateTemplate() {
  const [name, setName] = useState('');
  const [start, setStart] = useState('default');
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const created = await action.run(() => api<JwtTemplate>('/jwt_templates', { method: 'POST', body: { name, starting_point: start } }));
    if (created) navigate(`/jwt-templates/${created.id}`);
  };
  return (
    <details className="card">
      <summary>New template</summary>
      <form className="inline-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="template-name">Name</label>
          <input id="template-name" required pattern="[A-Za-z0-9_\-]+" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="template-start">Starting point</label>
          <select id="template-start" value={start} onChange={(e) => setStart(e.target.value)}>
            <option value="default">default (your own APIs)</option>
            <option value="hasura">hasura</option>
          </select>
        </div>
        <button type="submit" className="button primary" disabled={action.busy || !name.trim()}>
          Create
        </button>
      </form>
      <p className="hint">The supabase starting point needs the project&apos;s JWT secret: create it with the CLI (<code>latchkey jwt-template</code>).</p>
      {action.error ? <ErrorNote error={action.error} /> : null}
    </details>
  );
}

function TemplateEditor({ templateId }: { templateId: string }) {
  const template = useApi<JwtTemplate>(`/jwt_templates/${encodeURIComponent(templateId)}`);
  const t = template.data;
  const [claims, setClaims] = useState('');
  const [lifetime, setLifetime] = useState('');
  const [skew, setSkew] = useState('');
  const action = useAction();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!t) return;
    setClaims(pretty(t.claims));
    setLifetime(String(t.lifetime));
    setSkew(String(t.allowed_clock_skew));
  }, [t?.updated_at]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!t) {
    return (
      <section>
        <PageHeader title="JWT template" subtitle={<a href={href('/jwt-templates')}>← All templates</a>} />
        {template.error ? <ErrorNote error={template.error} onRetry={template.reload} /> : <Loading what="Loading the template" />}
      </section>
    );
  }
  const invalid = jsonProblem(claims) !== null || !/^\d+$/.test(lifetime) || !/^\d+$/.test(skew);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const body = { claims: JSON.parse(claims) as unknown, lifetime: Number(lifetime), allowed_clock_skew: Number(skew) };
    if (await action.run(() => api(`/jwt_templates/${t.id}`, { method: 'PATCH', body }))) {
      setSaved(true);
      template.reload();
    }
  };
  const remove = async () => {
    if (await action.run(() => api(`/jwt_templates/${t.id}`, { method: 'DELETE' }))) navigate('/jwt-templates');
  };
  return (
    <section>
      <PageHeader
        title={t.name}
        subtitle={
          <>
            <a href={href('/jwt-templates')}>← All templates</a> · <code>{t.id}</code> · {t.signing_algorithm} {t.custom_signing_key ? '(own key)' : '(instance keys)'}
          </>
        }
        actions={
          <ConfirmButton confirmLabel="Delete template" onConfirm={remove} disabled={action.busy}>
            Delete
          </ConfirmButton>
        }
      />
      <div className="grid-2">
        <form className="card" onSubmit={save} aria-labelledby="claims-title">
          <h2 id="claims-title">Claims</h2>
          <JsonField
            label="Claims (JSON with shortcodes)"
            value={claims}
            onChange={(v) => (setClaims(v), setSaved(false))}
            rows={14}
            hint={
              <>
                Shortcodes: {SHORTCODES.map((s) => <code key={s} className="chip">{s}</code>)}
              </>
            }
          />
          <div className="inline-form">
            <div className="field">
              <label htmlFor="template-lifetime">Lifetime (seconds)</label>
              <input id="template-lifetime" inputMode="numeric" value={lifetime} onChange={(e) => setLifetime(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="template-skew">Allowed clock skew (seconds)</label>
              <input id="template-skew" inputMode="numeric" value={skew} onChange={(e) => setSkew(e.target.value)} />
            </div>
          </div>
          {action.error ? <ErrorNote error={action.error} /> : null}
          {saved ? <Notice>Template saved; the preview shows the next token.</Notice> : null}
          <button type="submit" className="button primary" disabled={invalid || action.busy}>
            {action.busy ? 'Saving…' : 'Save template'}
          </button>
        </form>
        <TokenPreview template={t} />
      </div>
    </section>
  );
}

/** Mints a real token from the saved template for a chosen user's active session, and shows it decoded. */
function TokenPreview({ template }: { template: JwtTemplate }) {
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query.trim(), 250);
  const users = useApi<Paginated<User>>(`/users${qs({ query: debounced, limit: 10, paginated: true })}`);
  const [userId, setUserId] = useState('');
  const sessions = useApi<Session[]>(userId ? `/sessions${qs({ user_id: userId, status: 'active', limit: 20 })}` : null);
  const [sessionId, setSessionId] = useState('');
  const [preview, setPreview] = useState<{ token: DecodedJwt; raw: string } | { error: ApiFailure } | null>(null);
  const [minting, setMinting] = useState(false);
  const start = useAction();

  // A new search result list picks its first user unless the chosen one is in it.
  useEffect(() => {
    const list = users.data?.data ?? [];
    if (list[0] && !list.some((u) => u.id === userId)) setUserId(list[0].id);
  }, [users.data]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    const list = sessions.data ?? [];
    setSessionId((current) => (list.some((s) => s.id === current) ? current : (list[0]?.id ?? '')));
  }, [sessions.data]);
  useEffect(() => {
    if (!sessionId) return setPreview(null);
    let live = true;
    setMinting(true);
    api<{ jwt: string }>(`/sessions/${sessionId}/tokens/${encodeURIComponent(template.name)}`, { method: 'POST', body: {} })
      .then(
        ({ jwt }) => live && setPreview({ token: decodeJwt(jwt), raw: jwt }),
        (error) => live && setPreview({ error: toFailure(error) }),
      )
      .finally(() => live && setMinting(false));
    return () => {
      live = false;
    };
  }, [sessionId, template.name, template.updated_at]);

  const startSession = async () => {
    if (await start.run(() => api('/sessions', { method: 'POST', body: { user_id: userId } }))) sessions.reload();
  };

  return (
    <section className="card" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview</h2>
      <p className="hint">A real token minted from the saved template for one of the user&apos;s active sessions, decoded. It changes when you save.</p>
      <div className="field">
        <label htmlFor="preview-search">Find a user</label>
        <input id="preview-search" type="search" placeholder="e-mail, name or id" value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="preview-user">User</label>
        <select id="preview-user" value={userId} onChange={(e) => setUserId(e.target.value)}>
          {!users.data?.data.some((u) => u.id === userId) && userId ? <option value={userId}>{userId}</option> : null}
          {(users.data?.data ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {emailOf(u)}
            </option>
          ))}
        </select>
      </div>
      {users.error ? <ErrorNote error={users.error} /> : null}
      {userId ? (
        sessions.data && sessions.data.length === 0 ? (
          <Empty>
            This user has no active session to mint from.{' '}
            <button type="button" className="button small" onClick={startSession} disabled={start.busy}>
              Start a session for the preview
            </button>
          </Empty>
        ) : (
          <div className="field">
            <label htmlFor="preview-session">Session</label>
            <select id="preview-session" value={sessionId} onChange={(e) => setSessionId(e.target.value)}>
              {(sessions.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.id} (created {formatTime(s.created_at)})
                </option>
              ))}
            </select>
          </div>
        )
      ) : users.data && users.data.data.length === 0 ? (
        <Empty>No user to preview with.</Empty>
      ) : null}
      {start.error ? <ErrorNote error={start.error} /> : null}
      {minting ? <Loading what="Minting a token" /> : null}
      {preview && 'error' in preview ? <ErrorNote error={preview.error} /> : null}
      {preview && 'token' in preview ? (
        <div aria-live="polite">
          <h3>Header</h3>
          <pre className="code" data-testid="preview-header">{pretty(preview.token.header)}</pre>
          <h3>Payload</h3>
          <pre className="code" data-testid="preview-payload">{pretty(preview.token.payload)}</pre>
          <details>
            <summary>Encoded token</summary>
            <pre className="code wrap">{preview.raw}</pre>
          </details>
        </div>
      ) : null}
    </section>
  );
}
