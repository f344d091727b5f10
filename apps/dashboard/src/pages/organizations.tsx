import { useEffect, useState, type FormEvent } from 'react';
import { api, qs } from '../api.js';
import { ConfirmButton, ErrorNote, Load, Loading, Notice, PageHeader } from '../components.js';
import { formatTime } from '../format.js';
import { href, navigate, useAction, useApi, useDebounced } from '../hooks.js';
import type { Membership, Organization, Paginated, Role, User } from '../types.js';
import { Pager } from './users.js';

const PAGE = 20;

export function OrganizationsPage({ organizationId }: { organizationId?: string }) {
  return organizationId ? <OrganizationDetail organizationId={organizationId} /> : <OrganizationList />;
}

function OrganizationList() {
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const debounced = useDebounced(query.trim(), 250);
  useEffect(() => setOffset(0), [debounced]);
  const orgs = useApi<Paginated<Organization>>(`/organizations${qs({ query: debounced, limit: PAGE, offset, include_members_count: true })}`);
  return (
    <section>
      <PageHeader title="Organizations" subtitle="Members, roles and what each role may do." />
      <CreateOrganization />
      <form className="search" role="search" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="org-search" className="visually-hidden">
          Search organizations
        </label>
        <input id="org-search" type="search" placeholder="Search organizations (name, slug, id)" value={query} onChange={(e) => setQuery(e.target.value)} />
      </form>
      <Load resource={orgs} what="Loading organizations" isEmpty={(d) => d.data.length === 0} empty={debounced ? `No organization matches “${debounced}”.` : 'No organizations yet.'}>
        {(d) => (
          <>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Organization</th>
                    <th scope="col">Members</th>
                    <th scope="col" className="hide-narrow">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {d.data.map((o) => (
                    <tr key={o.id}>
                      <td>
                        <a href={href(`/organizations/${o.id}`)}>{o.name}</a>
                        <div className="muted small">{o.slug ?? o.id}</div>
                      </td>
                      <td>{o.members_count ?? '—'}</td>
                      <td className="hide-narrow">{formatTime(o.created_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager offset={offset} total={d.total_count} onOffset={setOffset} />
          </>
        )}
      </Load>
      <RolesList />
    </section>
  );
}

function CreateOrganization() {
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const org = await action.run(() => api<Organization>('/organizations', { method: 'POST', body: { name, ...(slug ? { slug } : {}) } }));
    if (org) navigate(`/organizations/${org.id}`);
  };
  return (
    <details className="card">
      <summary>New organization</summary>
      <form className="inline-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="org-name">Name</label>
          <input id="org-name" required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="org-slug">Slug (optional)</label>
          <input id="org-slug" value={slug} onChange={(e) => setSlug(e.target.value)} />
        </div>
        <button type="submit" className="button primary" disabled={action.busy || !name.trim()}>
          Create
        </button>
      </form>
      {action.error ? <ErrorNote error={action.error} /> : null}
    </details>
  );
}

function useRoles() {
  return useApi<Paginated<Role>>(`/organization_roles${qs({ limit: 100 })}`);
}

function RolesList() {
  const roles = useRoles();
  return (
    <section className="card" aria-labelledby="roles-title">
      <h2 id="roles-title">Roles</h2>
      <Load resource={roles} what="Loading roles" isEmpty={(d) => d.data.length === 0} empty="No roles.">
        {(d) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Role</th>
                  <th scope="col">Permissions</th>
                </tr>
              </thead>
              <tbody>
                {d.data.map((r) => (
                  <tr key={r.id}>
                    <td>
                      {r.name}
                      <div className="muted small">
                        <code>{r.key}</code>
                      </div>
                    </td>
                    <td>{r.permissions.length ? r.permissions.map((p) => <code key={p.key} className="chip">{p.key}</code>) : <span className="muted">none</span>}</td>
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

function OrganizationDetail({ organizationId }: { organizationId: string }) {
  const org = useApi<Organization>(`/organizations/${encodeURIComponent(organizationId)}`);
  const members = useApi<Paginated<Membership>>(`/organizations/${encodeURIComponent(organizationId)}/memberships${qs({ limit: 100 })}`);
  const roles = useRoles();
  const action = useAction();
  const [notice, setNotice] = useState('');
  const path = `/organizations/${encodeURIComponent(organizationId)}`;
  const setRole = async (userId: string, role: string) => {
    if (await action.run(() => api(`${path}/memberships/${userId}`, { method: 'PATCH', body: { role } }))) {
      setNotice(`Role changed to ${role}.`);
      members.reload();
    }
  };
  const remove = async (userId: string) => {
    if (await action.run(() => api(`${path}/memberships/${userId}`, { method: 'DELETE' }))) {
      setNotice('Member removed.');
      members.reload();
    }
  };
  const deleteOrg = async () => {
    if (await action.run(() => api(path, { method: 'DELETE' }))) navigate('/organizations');
  };
  if (!org.data) {
    return (
      <section>
        <PageHeader title="Organization" subtitle={<a href={href('/organizations')}>← All organizations</a>} />
        {org.error ? <ErrorNote error={org.error} onRetry={org.reload} /> : <Loading what="Loading the organization" />}
      </section>
    );
  }
  const o = org.data;
  const roleKeys = roles.data?.data.map((r) => r.key) ?? ['org:admin', 'org:member'];
  return (
    <section>
      <PageHeader
        title={o.name}
        subtitle={
          <>
            <a href={href('/organizations')}>← All organizations</a> · <code>{o.id}</code> {o.slug ? <>· {o.slug}</> : null}
          </>
        }
        actions={
          <ConfirmButton confirmLabel="Delete organization" onConfirm={deleteOrg} disabled={action.busy}>
            Delete
          </ConfirmButton>
        }
      />
      {notice ? <Notice>{notice}</Notice> : null}
      {action.error ? <ErrorNote error={action.error} /> : null}
      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        <AddMember path={path} roleKeys={roleKeys} onAdded={() => (setNotice('Member added.'), members.reload())} />
        <Load resource={members} what="Loading members" isEmpty={(d) => d.data.length === 0} empty="No members yet.">
          {(d) => (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Member</th>
                    <th scope="col">Role</th>
                    <th scope="col" className="hide-narrow">Permissions</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.data.map((m) => (
                    <tr key={m.id}>
                      <td>
                        <a href={href(`/users/${m.public_user_data.user_id}`)}>{m.public_user_data.identifier}</a>
                      </td>
                      <td>
                        <label className="visually-hidden" htmlFor={`role-${m.id}`}>
                          Role of {m.public_user_data.identifier}
                        </label>
                        <select id={`role-${m.id}`} value={m.role} disabled={action.busy} onChange={(e) => setRole(m.public_user_data.user_id, e.target.value)}>
                          {[...new Set([m.role, ...roleKeys])].map((k) => (
                            <option key={k} value={k}>
                              {k}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td className="hide-narrow">{m.permissions.length ? m.permissions.map((p) => <code key={p} className="chip">{p}</code>) : <span className="muted">none</span>}</td>
                      <td>
                        <ConfirmButton className="button small danger" confirmLabel="Remove" onConfirm={() => remove(m.public_user_data.user_id)}>
                          Remove
                        </ConfirmButton>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Load>
      </section>
    </section>
  );
}

function AddMember({ path, roleKeys, onAdded }: { path: string; roleKeys: string[]; onAdded: () => void }) {
  const [who, setWho] = useState('');
  const [role, setRole] = useState('org:member');
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const added = await action.run(async () => {
      let userId = who.trim();
      if (!userId.startsWith('user_')) {
        const found = await api<User[]>(`/users${qs({ email_address: userId, limit: 1 })}`);
        if (!found[0]) throw new Error(`No user with the e-mail address ${userId}`);
        userId = found[0].id;
      }
      return api(`${path}/memberships`, { method: 'POST', body: { user_id: userId, role } });
    });
    if (added) {
      setWho('');
      onAdded();
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Add a member">
      <div className="field">
        <label htmlFor="member-who">User (e-mail or id)</label>
        <input id="member-who" required value={who} onChange={(e) => setWho(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="member-role">Role</label>
        <select id="member-role" value={role} onChange={(e) => setRole(e.target.value)}>
          {roleKeys.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button" disabled={action.busy || !who.trim()}>
        Add member
      </button>
      {action.error ? <ErrorNote error={action.error} /> : null}
    </form>
  );
}
