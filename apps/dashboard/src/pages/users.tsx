import { useEffect, useState } from 'react';
import { api, qs } from '../api.js';
import { ConfirmButton, Empty, ErrorNote, JsonField, Load, Loading, Notice, PageHeader, StatusBadge, jsonProblem, pretty } from '../components.js';
import { formatRelative, formatTime } from '../format.js';
import { href, useAction, useApi, useDebounced } from '../hooks.js';
import { emailOf, nameOf, type Membership, type Paginated, type Session, type User } from '../types.js';

const PAGE = 20;

export function UsersPage({ userId, params }: { userId?: string; params: URLSearchParams }) {
  return userId ? <UserDetail userId={userId} /> : <UserList initialQuery={params.get('query') ?? ''} />;
}

function UserList({ initialQuery }: { initialQuery: string }) {
  const [query, setQuery] = useState(initialQuery);
  const [offset, setOffset] = useState(0);
  const debounced = useDebounced(query.trim(), 250);
  useEffect(() => setOffset(0), [debounced]);
  const users = useApi<Paginated<User>>(`/users${qs({ query: debounced, limit: PAGE, offset, paginated: true, order_by: '-created_at' })}`);
  return (
    <section>
      <PageHeader title="Users" subtitle="Search by e-mail, name or id." />
      <form className="search" role="search" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="user-search" className="visually-hidden">
          Search users
        </label>
        <input id="user-search" type="search" placeholder="Search users (e-mail, name, id)" value={query} onChange={(e) => setQuery(e.target.value)} />
      </form>
      <Load
        resource={users}
        what="Loading users"
        isEmpty={(d) => d.data.length === 0}
        empty={debounced ? `No user matches “${debounced}”.` : 'No users yet. They appear here when they sign up.'}
      >
        {(d) => (
          <>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">User</th>
                    <th scope="col" className="hide-narrow">Created</th>
                    <th scope="col" className="hide-narrow">Last sign-in</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {d.data.map((u) => (
                    <tr key={u.id}>
                      <td>
                        <a href={href(`/users/${u.id}`)}>{emailOf(u)}</a>
                        <div className="muted small">{nameOf(u) || u.id}</div>
                      </td>
                      <td className="hide-narrow">{formatTime(u.created_at)}</td>
                      <td className="hide-narrow">{formatRelative(u.last_sign_in_at)}</td>
                      <td>{u.banned ? <StatusBadge status="banned" /> : <StatusBadge status="active" />}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager offset={offset} total={d.total_count} onOffset={setOffset} />
          </>
        )}
      </Load>
    </section>
  );
}

export function Pager({ offset, total, onOffset, page = PAGE }: { offset: number; total: number; onOffset: (n: number) => void; page?: number }) {
  if (total <= page) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="button small" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - page))}>
        Previous
      </button>
      <span>
        {offset + 1}–{Math.min(offset + page, total)} of {total}
      </span>
      <button type="button" className="button small" disabled={offset + page >= total} onClick={() => onOffset(offset + page)}>
        Next
      </button>
    </nav>
  );
}

function UserDetail({ userId }: { userId: string }) {
  const user = useApi<User>(`/users/${encodeURIComponent(userId)}`);
  const action = useAction();
  const u = user.data;
  const setBanned = async (banned: boolean) => {
    if (await action.run(() => api(`/users/${encodeURIComponent(userId)}/${banned ? 'ban' : 'unban'}`, { method: 'POST' }))) user.reload();
  };
  if (!u) {
    return (
      <section>
        <PageHeader title="User" subtitle={<a href={href('/users')}>← All users</a>} />
        {user.error ? <ErrorNote error={user.error} onRetry={user.reload} /> : <Loading what="Loading the user" />}
      </section>
    );
  }
  return (
    <section>
      <PageHeader
        title={emailOf(u)}
        subtitle={
          <>
            <a href={href('/users')}>← All users</a> · <code>{u.id}</code> {u.banned ? <StatusBadge status="banned" /> : null}
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
      {action.error ? <ErrorNote error={action.error} /> : null}
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
  return (
    <section className="card" aria-labelledby="sessions-title">
      <div className="card-header">
        <h2 id="sessions-title">Sessions and devices</h2>
        <div className="actions">
          <label className="check">
            <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> Show ended sessions
          </label>
          <ConfirmButton confirmLabel={`Revoke all ${activeCount}`} onConfirm={revokeAll} disabled={activeCount === 0 || action.busy}>
            Revoke all
          </ConfirmButton>
        </div>
      </div>
      {notice ? <Notice>{notice}</Notice> : null}
      {action.error ? <ErrorNote error={action.error} /> : null}
      <Load resource={sessions} what="Loading sessions" isEmpty={(d) => d.length === 0} empty={showAll ? 'This user has no sessions.' : 'No active sessions: this user is signed out everywhere.'}>
        {(list) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Device</th>
                  <th scope="col" className="hide-narrow">IP address</th>
                  <th scope="col">Last active</th>
                  <th scope="col" className="hide-narrow">Expires</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.id} data-session-id={s.id}>
                    <td>
                      {deviceOf(s)}
                      <div className="muted small">
                        <code>{s.id}</code>
                      </div>
                    </td>
                    <td className="hide-narrow">{s.latest_activity?.ip_address ?? '—'}</td>
                    <td>{formatRelative(s.last_active_at)}</td>
                    <td className="hide-narrow" data-testid="expire-at" data-value={s.expire_at}>
                      {formatTime(s.expire_at)}
                    </td>
                    <td>
                      <StatusBadge status={s.status} />
                    </td>
                    <td>
                      {s.status === 'active' ? (
                        <button type="button" className="button small danger" disabled={action.busy} onClick={() => revoke(s.id)} aria-label={`Revoke session ${s.id}`}>
                          Revoke
                        </button>
                      ) : null}
                    </td>
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
    <section className="card" aria-labelledby="metadata-title">
      <h2 id="metadata-title">Metadata</h2>
      <p className="hint">Saving replaces each object. Public metadata is readable by the browser and can go into tokens; private metadata stays on the server; unsafe metadata the user may change.</p>
      <div className="grid-3">
        <JsonField label="Public metadata" value={draft.public_metadata} onChange={(v) => setDraft({ ...draft, public_metadata: v })} />
        <JsonField label="Private metadata" value={draft.private_metadata} onChange={(v) => setDraft({ ...draft, private_metadata: v })} />
        <JsonField label="Unsafe metadata" value={draft.unsafe_metadata} onChange={(v) => setDraft({ ...draft, unsafe_metadata: v })} />
      </div>
      {action.error ? <ErrorNote error={action.error} /> : null}
      {saved ? <Notice>Metadata saved.</Notice> : null}
      <div className="actions">
        <button type="button" className="button primary" disabled={invalid || action.busy} onClick={save}>
          {action.busy ? 'Saving…' : 'Save metadata'}
        </button>
        <button type="button" className="button ghost" onClick={() => setDraft(initial())}>
          Reset
        </button>
      </div>
    </section>
  );
}

function UserMemberships({ userId }: { userId: string }) {
  const memberships = useApi<Paginated<Membership>>(`/users/${userId}/organization_memberships${qs({ limit: 100 })}`);
  return (
    <section className="card" aria-labelledby="memberships-title">
      <h2 id="memberships-title">Organizations</h2>
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
    </section>
  );
}

