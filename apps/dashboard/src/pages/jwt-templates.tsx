import { useEffect, useState, type FormEvent } from 'react';
import { api, qs } from '../api.js';
import { BackLink, Card, Chips, Empty, ErrorNote, JsonField, Load, Loading, Notice, PageHeader, PendingPage, jsonProblem, pretty } from '../components.js';
import { DataTable, type Column } from '../data-table.js';
import { formatDuration, formatTime } from '../format.js';
import { CreateCard, DeleteButton, Options, SelectField, TextField } from '../form-fields.js';
import { href, navigate, toFailure, useAction, useApi, useDebounced } from '../hooks.js';
import { decodeJwt, type DecodedJwt } from '../jwt.js';
import { emailOf, type JwtTemplate, type Paginated, type Session, type User } from '../types.js';
import type { ApiFailure } from '../api.js';

const SHORTCODES = ['{{user.id}}', '{{user.primary_email_address}}', '{{user.public_metadata}}', '{{user.public_metadata.role}}', '{{session.id}}', '{{org.id}}', '{{org.slug}}', '{{org_membership.role}}', '{{org_membership.permissions}}'];

export function JwtTemplatesPage({ templateId }: { templateId?: string }) {
  return templateId ? <TemplateEditor templateId={templateId} /> : <TemplateList />;
}

const TEMPLATE_COLUMNS: Column<JwtTemplate>[] = [
  { header: 'Name', cell: (t) => <a href={href(`/jwt-templates/${t.id}`)}>{t.name}</a> },
  { header: 'Lifetime', cell: (t) => formatDuration(t.lifetime) },
  { header: 'Signed with', hideNarrow: true, cell: (t) => signedWith(t) },
  { header: 'Updated', hideNarrow: true, cell: (t) => formatTime(t.updated_at) },
];

const signedWith = (t: JwtTemplate) => `${t.signing_algorithm} ${t.custom_signing_key ? '(own key)' : '(instance keys)'}`;

function TemplateList() {
  const templates = useApi<JwtTemplate[]>(`/jwt_templates${qs({ limit: 100 })}`);
  return (
    <section>
      <PageHeader title="JWT templates" subtitle="Custom tokens for other services: getToken({ template: name })." />
      <CreateTemplate />
      <Load resource={templates} what="Loading templates" isEmpty={(d) => d.length === 0} empty="No templates yet. Create one above.">
        {(list) => <DataTable rows={list} columns={TEMPLATE_COLUMNS} rowKey={(t) => t.id} />}
      </Load>
    </section>
  );
}

const STARTING_POINTS = [{ value: 'default', label: 'default (your own APIs)' }, 'hasura'];

function CreateTemplate() {
  const [name, setName] = useState('');
  const [start, setStart] = useState('default');
  const action = useAction();
  const submit = async () => {
    const created = await action.run(() => api<JwtTemplate>('/jwt_templates', { method: 'POST', body: { name, starting_point: start } }));
    if (created) navigate(`/jwt-templates/${created.id}`);
  };
  return (
    <CreateCard
      summary="New template"
      submitLabel="Create"
      canSubmit={name.trim() !== ''}
      action={action}
      onSubmit={submit}
      hint={<p className="hint">The supabase starting point needs the project&apos;s JWT secret: create it with the CLI (<code>latchkey jwt-template</code>).</p>}
    >
      <TextField label="Name" required pattern="[A-Za-z0-9_\-]+" value={name} onChange={setName} />
      <SelectField label="Starting point" value={start} onChange={setStart} choices={STARTING_POINTS} />
    </CreateCard>
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
  const back = <BackLink to="/jwt-templates">All templates</BackLink>;
  if (!t) return <PendingPage title="JWT template" back={back} resource={template} what="Loading the template" />;
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
  return (
    <section>
      <PageHeader
        title={t.name}
        subtitle={
          <>
            {back} · <code>{t.id}</code> · {signedWith(t)}
          </>
        }
        actions={<DeleteButton confirmLabel="Delete template" path={`/jwt_templates/${t.id}`} action={action} backTo="/jwt-templates" />}
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
                Shortcodes: <Chips items={SHORTCODES} />
              </>
            }
          />
          <div className="inline-form">
            <TextField label="Lifetime (seconds)" inputMode="numeric" value={lifetime} onChange={setLifetime} />
            <TextField label="Allowed clock skew (seconds)" inputMode="numeric" value={skew} onChange={setSkew} />
          </div>
          <ErrorNote error={action.error} />
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
    <Card title="Preview">
      <p className="hint">A real token minted from the saved template for one of the user&apos;s active sessions, decoded. It changes when you save.</p>
      <TextField label="Find a user" type="search" placeholder="e-mail, name or id" value={query} onChange={setQuery} />
      <SelectField label="User" value={userId} onChange={setUserId}>
        {!users.data?.data.some((u) => u.id === userId) && userId ? <option value={userId}>{userId}</option> : null}
        <Options choices={(users.data?.data ?? []).map((u) => ({ value: u.id, label: emailOf(u) }))} />
      </SelectField>
      <ErrorNote error={users.error} />
      {userId ? (
        sessions.data && sessions.data.length === 0 ? (
          <Empty>
            This user has no active session to mint from.{' '}
            <button type="button" className="button small" onClick={startSession} disabled={start.busy}>
              Start a session for the preview
            </button>
          </Empty>
        ) : (
          <SelectField label="Session" value={sessionId} onChange={setSessionId} choices={(sessions.data ?? []).map((s) => ({ value: s.id, label: `${s.id} (created ${formatTime(s.created_at)})` }))} />
        )
      ) : users.data && users.data.data.length === 0 ? (
        <Empty>No user to preview with.</Empty>
      ) : null}
      <ErrorNote error={start.error} />
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
    </Card>
  );
}
