import { useEffect, useState } from 'react';
import { api, qs } from '../api.js';
import { BackLink, Card, ConfirmButton, Empty, ErrorNote, JsonField, Load, Muted, Notice, PageHeader, PendingPage, StatusBadge, jsonProblem, pretty } from '../components.js';
import { ACTIONS_HEADER, DataTable, Pager, type Column } from '../data-table.js';
import { formatRelative, formatTime } from '../format.js';
import { SearchBox } from '../form-fields.js';
import { href, useAction, useApi, usePagedSearch } from '../hooks.js';
import { emailOf, nameOf, type Membership, type Paginated, type Session, type User } from '../types.js';

const PAGE = 20;

export function UsersPage({ userId, params }: { userId?: string; params: URLSearchParams }) {
  return userId ? <UserDetail userId={userId} /> : <UserList initialQuery={params.get('query') ?? ''} />;
}

const USER_COLUMNS: Column<User>[] = [
  {
    header: 'User',
    cell: (u) => (
      <>
        <a href={href(`/users/${u.id}`)}>{emailOf(u)}</a>
        <Muted>{nameOf(u) || u.id}</Muted>
      </>
    ),
  },
  { header: 'Created', hideNarrow: true, cell: (u) => formatTime(u.created_at) },
  { header: 'Last sign-in', hideNarrow: true, cell: (u) => formatRelative(u.last_sign_in_at) },
  { header: 'Status', cell: (u) => (u.banned ? <StatusBadge status="banned" /> : <StatusBadge status="active" />) },
];

function UserList({ initialQuery }: { initialQuery: string }) {
  const { query, setQuery, search, offset, setOffset } = usePagedSearch(initialQuery);
  const users = useApi<Paginated<User>>(`/users${qs({ query: search, limit: PAGE, offset, paginated: true, order_by: '-created_at' })}`);
  return (
    <section>
      <PageHeader title="Users" subtitle="Search by e-mail, name or id." />
      <SearchBox label="Search users" placeholder="Search users (e-mail, name, id)" value={query} onChange={setQuery} />
      <Load
        resource={users}
        what="Loading users"
        isEmpty={(d) => d.data.length === 0}
        empty={search ? `No user matches “${search}”.` : 'No users yet. They appear here when they sign up.'}
      >
        {(d) => (
          <>
            <DataTable rows={d.data} columns={USER_COLUMNS} rowKey={(u) => u.id} />
            <Pager offset={offset} total={d.total_count} onOffset={setOffset} page={PAGE} />
          </>
        )}
      </Load>
    </section>
  );
}

function UserDetail({ userId }: { userId: string }) {
  const user = useApi<User>(`/users/${encodeURIComponent(userId)}`);
  const action = useAction();
  const u = user.data;
  const setBanned = async (banned: boolean) => {
    if (await action.run(() => api(`/users/${encodeURIComponent(userId)}/${banned ? 'ban' : 'unban'}`, { method: 'POST' }))) user.reload();
  };
  const back = <BackLink to="/users">All users</BackLink>;
  if (!u) return <PendingPage title="User" back={back} resource={user} what="Loading the user" />;
  return (
    <section>
      <PageHeader
        title={emailOf(u)}
        subtitle={
          <>
            {back} · <code>{u.id}</code> {u.banned ? <StatusBadge status="banned" /> : null}
          </>
        }
        actions={
          u.banned ? (
            <button type="button" className="button" disabled={action.busy} onClick={() => setBanned(false)}>
              Unban
            </button>
          ) : (
            <ConfirmButton confirmLabel="Ban and sign out everywhere" onConfirm={() => setBanned(true)} disabled={action.busy}>
              Ban
            </ConfirmButton>
          )
        }
      />
      <ErrorNote error={action.error} />
      <dl className="facts card">
        <div>
          <dt>Name</dt>
          <dd>{nameOf(u) || '—'}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatTime(u.created_at)}</dd>
        </div>
        <div>
          <dt>Last sign-in</dt>
          <dd>{formatTime(u.last_sign_in_at)}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{u.banned ? 'Banned: cannot sign in' : u.locked ? 'Locked' : 'Active'}</dd>
        </div>
      </dl>
      <UserSessions userId={u.id} key={`${u.id}-${u.banned}`} />
      <MetadataEditor user={u} onSaved={user.reload} />
      <UserMemberships userId={u.id} />
    </section>
  );
}

function deviceOf(s: Session): string {
  const a = s.latest_activity;
  if (!a) return 'Created by the Backend API';
  const browser = [a.browser_name, a.browser_version].filter(Boolean).join(' ');
  return [browser || 'Unknown browser', a.device_type ?? (a.is_mobile ? 'Mobile' : null)].filter(Boolean).join(' · ');
}

function UserSessions({ userId }: { userId: string }) {
  const [showAll, setShowAll] = useState(false);
  const sessions = useApi<Session[]>(`/sessions${qs({ user_id: userId, status: showAll ? undefined : 'active', limit: 100 })}`);
  const action = useAction();
  const [notice, setNotice] = useState('');
  const revoke = async (id: string) => {
    if (await action.run(() => api(`/sessions/${id}/revoke`, { method: 'POST' }))) {
      setNotice(`Session ${id} revoked.`);
      sessions.reload();
    }
  };
  const revokeAll = async () => {
    const active = (sessions.data ?? []).filter((s) => s.status === 'active');
    const done = await action.run(async () => {
      for (const s of active) await api(`/sessions/${s.id}/revoke`, { method: 'POST' });
      return true;
    });
    if (done) setNotice(`${active.length} session${active.length === 1 ? '' : 's'} revoked.`);
    sessions.reload();
  };
  const activeCount = sessions.data?.filter((s) => s.status === 'active').length ?? 0;
  const columns: Column<Session>[] = [
    {
      header: 'Device',
      cell: (s) => (
        <>
          {deviceOf(s)}
          <Muted>
            <code>{s.id}</code>
          </Muted>
        </>
      ),
    },
    { header: 'IP address', hideNarrow: true, cell: (s) => s.latest_activity?.ip_address ?? '—' },
    { header: 'Last active', cell: (s) => formatRelative(s.last_active_at) },
    { header: 'Expires', hideNarrow: true, cell: (s) => formatTime(s.expire_at), cellProps: (s) => ({ 'data-testid': 'expire-at', 'data-value': s.expire_at }) },
    { header: 'Status', cell: (s) => <StatusBadge status={s.status} /> },
    {
      header: ACTIONS_HEADER,
      cell: (s) =>
        s.status === 'active' ? (
          <button type="button" className="button small danger" disabled={action.busy} onClick={() => revoke(s.id)} aria-label={`Revoke session ${s.id}`}>
            Revoke
          </button>
        ) : null,
    },
  ];
  return (
    <Card
      title="Sessions and devices"
      actions={
        <>
          <label className="check">
            <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> Show ended sessions
          </label>
          <ConfirmButton confirmLabel={`Revoke all ${activeCount}`} onConfirm={revokeAll} disabled={activeCount === 0 || action.busy}>
            Revoke all
          </ConfirmButton>
        </>
      }
    >
      <Notice>{notice}</Notice>
      <ErrorNote error={action.error} />
      <Load resource={sessions} what="Loading sessions" isEmpty={(d) => d.length === 0} empty={showAll ? 'This user has no sessions.' : 'No active sessions: this user is signed out everywhere.'}>
        {(list) => <DataTable rows={list} columns={columns} rowKey={(s) => s.id} rowProps={(s) => ({ 'data-session-id': s.id })} />}
      </Load>
    </Card>
  );
}

function MetadataEditor({ user, onSaved }: { user: User; onSaved: () => void }) {
  const initial = () => ({
    public_metadata: pretty(user.public_metadata),
    private_metadata: pretty(user.private_metadata ?? {}),
    unsafe_metadata: pretty(user.unsafe_metadata),
  });
  const [draft, setDraft] = useState(initial);
  useEffect(() => setDraft(initial()), [user.updated_at]); // eslint-disable-line react-hooks/exhaustive-deps
  const action = useAction();
  const [saved, setSaved] = useState(false);
  const invalid = Object.values(draft).some((text) => jsonProblem(text) !== null);
  const save = async () => {
    setSaved(false);
    const body = Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, JSON.parse(v) as unknown]));
    if (await action.run(() => api(`/users/${user.id}`, { method: 'PATCH', body }))) {
      setSaved(true);
      onSaved();
    }
  };
  return (
    <Card title="Metadata">
      <p className="hint">Saving replaces each object. Public metadata is readable by the browser and can go into tokens; private metadata stays on the server; unsafe metadata the user may change.</p>
      <div className="grid-3">
        <JsonField label="Public metadata" value={draft.public_metadata} onChange={(v) => setDraft({ ...draft, public_metadata: v })} />
        <JsonField label="Private metadata" value={draft.private_metadata} onChange={(v) => setDraft({ ...draft, private_metadata: v })} />
        <JsonField label="Unsafe metadata" value={draft.unsafe_metadata} onChange={(v) => setDraft({ ...draft, unsafe_metadata: v })} />
      </div>
      <ErrorNote error={action.error} />
      {saved ? <Notice>Metadata saved.</Notice> : null}
      <div className="actions">
        <button type="button" className="button primary" disabled={invalid || action.busy} onClick={save}>
          {action.busy ? 'Saving…' : 'Save metadata'}
        </button>
        <button type="button" className="button ghost" onClick={() => setDraft(initial())}>
          Reset
        </button>
      </div>
    </Card>
  );
}

function UserMemberships({ userId }: { userId: string }) {
  const memberships = useApi<Paginated<Membership>>(`/users/${userId}/organization_memberships${qs({ limit: 100 })}`);
  return (
    <Card title="Organizations">
      {memberships.error?.status === 404 && memberships.error.code === 'resource_not_found' ? (
        <Empty>Organizations are not available on this server.</Empty>
      ) : (
        <Load resource={memberships} what="Loading memberships" isEmpty={(d) => d.data.length === 0} empty="Not a member of any organization.">
          {(d) => (
            <ul className="plain">
              {d.data.map((m) => (
                <li key={m.id}>
                  <a href={href(`/organizations/${m.organization.id}`)}>{m.organization.name}</a> <StatusBadge status={m.role} />
                </li>
              ))}
            </ul>
          )}
        </Load>
      )}
    </Card>
  );
}

